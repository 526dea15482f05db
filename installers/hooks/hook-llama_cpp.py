"""llama-cpp-python loads llama.cpp's libraries with ctypes from `llama_cpp/lib`.

No import leads the analysis to them, so they are collected by name, to the same folder.
"""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("llama_cpp")
