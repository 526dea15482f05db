"""faster-whisper's voice activity detector is an ONNX file inside the package (assets/)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("faster_whisper")
