<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AnswerStatus</name>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds:02d} s</source>
        <translation>{minutes} 分 {seconds:02d} 秒</translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation>{speed:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>Searching your documents</source>
        <translation>正在搜索你的文档</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Reading {count} passages</source>
        <translation>正在阅读 {count} 个段落</translation>
    </message>
    <message>
        <source>Reading your question</source>
        <translation>正在阅读你的问题</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>正在撰写</translation>
    </message>
    <message>
        <source>Waiting for the model</source>
        <translation>正在等待模型</translation>
    </message>
    <message>
        <source>Summarizing</source>
        <translation>正在总结</translation>
    </message>
    <message>
        <source>Summarizing: {done}/{total}</source>
        <translation>正在总结：{done}/{total}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Lanthorn cannot start</source>
        <translation>Lanthorn 无法启动</translation>
    </message>
</context>
<context>
    <name>AskAgain</name>
    <message>
        <source>Those documents are indexed now.</source>
        <translation>这些文档现已完成索引。</translation>
    </message>
    <message>
        <source>Ask again</source>
        <translation>重新提问</translation>
    </message>
    <message>
        <source>Still being indexed: {names}.</source>
        <translation>仍在索引：{names}。</translation>
    </message>
    <message>
        <source>Will ask again when they are ready</source>
        <translation>就绪后将自动重新提问</translation>
    </message>
    <message>
        <source>Ask again when ready</source>
        <translation>就绪后重新提问</translation>
    </message>
    <message>
        <source>{name} (queued)</source>
        <translation>{name}（排队中）</translation>
    </message>
    <message>
        <source>{name} (page {done} of {total})</source>
        <translation>{name}（第 {done}/{total} 页）</translation>
    </message>
</context>
<context>
    <name>CatalogRow</name>
    <message>
        <source>Use for search</source>
        <translation>用于搜索</translation>
    </message>
    <message>
        <source>Re-read every document with this model; search keeps the current one until that is done</source>
        <translation>用这个模型重新读取所有文档；完成之前，搜索仍使用当前模型</translation>
    </message>
    <message>
        <source>{kind} · {size} · licence: {licence} · languages: {languages}</source>
        <translation>{kind} · {size} · 许可证：{licence} · 语言：{languages}</translation>
    </message>
    <message>
        <source>Use {title} for search</source>
        <translation>将 {title} 用于搜索</translation>
    </message>
</context>
<context>
    <name>CatalogSection</name>
    <message>
        <source>Recommended models to download</source>
        <translation>推荐下载的模型</translation>
    </message>
    <message>
        <source>Downloads are checked (SHA-256) before they are used; a paused download resumes where it stopped.</source>
        <translation>下载的文件在使用前会经过校验（SHA-256）；暂停的下载会从中断处继续。</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Summarizing {title}: {done}/{total}</source>
        <translation>正在总结 {title}：{done}/{total}</translation>
    </message>
    <message>
        <source>Summarizing: {done}/{total}</source>
        <translation>正在总结：{done}/{total}</translation>
    </message>
    <message>
        <source>Summarize {name}</source>
        <translation>总结 {name}</translation>
    </message>
    <message>
        <source>Summary of {name}</source>
        <translation>{name} 的总结</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Show earlier messages</source>
        <translation>显示更早的消息</translation>
    </message>
</context>
<context>
    <name>Citations</name>
    <message>
        <source>{title} {time}</source>
        <translation>{title} {time}</translation>
    </message>
    <message>
        <source>{title} p.{page}</source>
        <translation>{title} 第{page}页</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask a question (Enter sends, Shift+Enter for a new line)</source>
        <translation>输入问题（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Use my documents</source>
        <translation>使用我的文档</translation>
    </message>
    <message>
        <source>Answer from your documents and cite them</source>
        <translation>根据你的文档回答并注明出处</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send question</source>
        <translation>发送问题</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>Voice input</source>
        <translation>语音输入</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New chat (Ctrl+N)</source>
        <translation>新对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Search conversations (Ctrl+K)</source>
        <translation>搜索对话（Ctrl+K）</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation>未命名对话</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete “{title}” and all its messages?</source>
        <translation>删除“{title}”及其全部消息？</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Conversation exported</source>
        <translation>对话已导出</translation>
    </message>
</context>
<context>
    <name>DemoNotice</name>
    <message>
        <source>Demo model notice</source>
        <translation>演示模型提示</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss the demo model notice</source>
        <translation>关闭演示模型提示</translation>
    </message>
    <message>
        <source>Only the tiny demo model (135 million parameters) is installed: it can chat, but it often misses or invents when answering from your documents. No recommended model fits in the memory free now: close other programs, or use a model on a server (Settings, Models).</source>
        <translation>目前只安装了小型演示模型（1.35 亿参数）：它可以聊天，但根据你的文档回答时经常遗漏或编造内容。没有推荐模型能放进当前可用内存：请关闭其他程序，或使用服务器上的模型（设置 › 模型）。</translation>
    </message>
    <message>
        <source>Only the tiny demo model (135 million parameters) is installed: it can chat, but it often misses or invents when answering from your documents. For real use, download {title} ({size}), the best fit for this computer.</source>
        <translation>目前只安装了小型演示模型（1.35 亿参数）：它可以聊天，但根据你的文档回答时经常遗漏或编造内容。实际使用请下载 {title}（{size}），它最适合这台电脑。</translation>
    </message>
</context>
<context>
    <name>DownloadControls</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Pause the download of {title}</source>
        <translation>暂停下载 {title}</translation>
    </message>
    <message>
        <source>Cancel the download of {title} and delete what arrived</source>
        <translation>取消下载 {title} 并删除已下载的部分</translation>
    </message>
    <message>
        <source>{action}: {title}</source>
        <translation>{action}：{title}</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Downloaded and verified</source>
        <translation>已下载并通过校验</translation>
    </message>
    <message>
        <source>Waits for the other download to finish</source>
        <translation>等待另一个下载完成</translation>
    </message>
    <message>
        <source>Paused at {done} of {total}</source>
        <translation>已暂停：{done} / {total}</translation>
    </message>
    <message>
        <source>{total} to download</source>
        <translation>需下载 {total}</translation>
    </message>
    <message>
        <source>Starting the download…</source>
        <translation>正在开始下载…</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{speed}/s</source>
        <translation>{speed}/秒</translation>
    </message>
</context>
<context>
    <name>EmbeddingSwitchBar</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel switching the embedding model</source>
        <translation>取消切换嵌入模型</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue switching the embedding model</source>
        <translation>继续切换嵌入模型</translation>
    </message>
    <message>
        <source>Waiting to re-read your documents with the new model…</source>
        <translation>正在等待用新模型重新读取你的文档…</translation>
    </message>
    <message>
        <source>Re-reading your documents with the new model: {done} of {total} passages</source>
        <translation>正在用新模型重新读取你的文档：第 {done}/{total} 段</translation>
    </message>
    <message>
        <source>Switching the embedding model is paused. Search uses the previous model until it is done.</source>
        <translation>嵌入模型的切换已暂停。在完成之前，搜索仍使用原来的模型。</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>错误详情</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss the error</source>
        <translation>关闭错误提示</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong: {kind}.</source>
        <translation>出现问题：{kind}。</translation>
    </message>
    <message>
        <source>{text}

The full report is in {log}.</source>
        <translation>{text}

完整报告见 {log}。</translation>
    </message>
    <message>
        <source>Lanthorn hit a problem</source>
        <translation>Lanthorn 遇到问题</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({kind}). Your conversations and documents are safe. If it happens again, please send the report file.</source>
        <translation>发生了意外错误（{kind}）。你的对话和文档都安然无恙。如果再次出现，请发送报告文件。</translation>
    </message>
    <message>
        <source>Report: {path}</source>
        <translation>报告：{path}</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Saved {name} in {folder}.</source>
        <translation>已将 {name} 保存到 {folder}。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message>
        <source>about {minutes} min left</source>
        <translation>约剩 {minutes} 分钟</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <source>Lanthorn cannot read {names}. It reads {suffixes} files, and folders of them.</source>
        <translation>Lanthorn 无法读取 {names}。它可以读取 {suffixes} 文件，以及包含这些文件的文件夹。</translation>
    </message>
    <message>
        <source>Everything Lanthorn reads ({patterns})</source>
        <translation>Lanthorn 可读取的所有文件 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <source>Add PDF, text or Markdown files</source>
        <translation>添加 PDF、文本或 Markdown 文件</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>添加一个文档文件夹</translation>
    </message>
    <message>
        <source>Drop PDFs, text files or folders here to ask about them.</source>
        <translation>将 PDF、文本文件或文件夹拖到这里，即可就其内容提问。</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>1 document ready</source>
        <translation>1 个文档已就绪</translation>
    </message>
    <message>
        <source>{count} documents ready</source>
        <translation>{count} 个文档已就绪</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation>全部重试</translation>
    </message>
    <message>
        <source>Index every failed or cancelled document again</source>
        <translation>重新索引所有失败或已取消的文档</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已结束项</translation>
    </message>
    <message>
        <source>Remove the documents that failed or were cancelled from the list</source>
        <translation>从列表中移除失败或已取消的文档</translation>
    </message>
    <message>
        <source>Loading documents…</source>
        <translation>正在加载文档…</translation>
    </message>
    <message>
        <source>{count} queued</source>
        <translation>{count} 个排队中</translation>
    </message>
    <message>
        <source>Indexing {name}: {done}/{total} pages</source>
        <translation>正在索引 {name}：{done}/{total} 页</translation>
    </message>
    <message>
        <source>Indexing {name}…</source>
        <translation>正在索引 {name}…</translation>
    </message>
    <message>
        <source>Password for {name}:</source>
        <translation>{name} 的密码：</translation>
    </message>
</context>
<context>
    <name>LibrarySection</name>
    <message>
        <source>Your models</source>
        <translation>你的模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Fit for this computer</source>
        <translation>与本机的适配</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Add a GGUF file…</source>
        <translation>添加 GGUF 文件…</translation>
    </message>
    <message>
        <source>Add a GGUF model file to the library</source>
        <translation>向模型库添加 GGUF 模型文件</translation>
    </message>
    <message>
        <source>Copy added files into Lanthorn&apos;s data folder</source>
        <translation>将添加的文件复制到 Lanthorn 的数据文件夹</translation>
    </message>
    <message>
        <source>Otherwise Lanthorn uses the file where it is and never deletes it</source>
        <translation>否则 Lanthorn 会在原位置使用该文件，并且绝不删除它</translation>
    </message>
    <message>
        <source>Set as default</source>
        <translation>设为默认</translation>
    </message>
    <message>
        <source>Make the selected model the default</source>
        <translation>将所选模型设为默认模型</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <source>Remove the selected model</source>
        <translation>移除所选模型</translation>
    </message>
    <message>
        <source>Drop .gguf files here to add them.</source>
        <translation>将 .gguf 文件拖放到这里即可添加。</translation>
    </message>
    <message>
        <source>{name} · default</source>
        <translation>{name} · 默认</translation>
    </message>
    <message>
        <source>runs on {url}</source>
        <translation>运行于 {url}</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>copied into Lanthorn&apos;s data folder</source>
        <translation>已复制到 Lanthorn 的数据文件夹</translation>
    </message>
    <message>
        <source>used where it is</source>
        <translation>在原位置使用</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Copying {name}…</source>
        <translation>正在复制 {name}…</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>{name} is in the library.</source>
        <translation>{name} 已加入模型库。</translation>
    </message>
    <message>
        <source>{name} is now the default model.</source>
        <translation>{name} 现在是默认模型。</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <source>Remove {name} from the library?</source>
        <translation>从模型库中移除 {name}？</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>The server&apos;s address is forgotten, and so is its API key.</source>
        <translation>将忘记该服务器的地址及其 API 密钥。</translation>
    </message>
    <message>
        <source>Lanthorn&apos;s copy is deleted from its data folder: {path}</source>
        <translation>将从 Lanthorn 的数据文件夹中删除其副本：{path}</translation>
    </message>
    <message>
        <source>The file is not deleted: it stays where it is ({path}); Lanthorn only forgets it.</source>
        <translation>文件不会被删除：它仍在原处（{path}），Lanthorn 只是不再记录它。</translation>
    </message>
    <message>
        <source>{name} was removed.</source>
        <translation>{name} 已移除。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lanthorn</source>
        <translation>Lanthorn</translation>
    </message>
    <message>
        <source>Model: loading…</source>
        <translation>模型：加载中…</translation>
    </message>
    <message>
        <source>&amp;Add documents…</source>
        <translation>添加文档(&amp;A)…</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Search conversations</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top answer</source>
        <translation>停止回答(&amp;T)</translation>
    </message>
    <message>
        <source>Ask a &amp;question</source>
        <translation>提问(&amp;Q)</translation>
    </message>
    <message>
        <source>Show &amp;documents</source>
        <translation>显示文档(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;About Lanthorn</source>
        <translation>关于 Lanthorn(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation>{speed:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>About Lanthorn</source>
        <translation>关于 Lanthorn</translation>
    </message>
    <message>
        <source>Lanthorn: private, offline chat with a local model about your own documents.</source>
        <translation>Lanthorn：用本地模型离线、私密地与你自己的文档对话。</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>&amp;Paste links</source>
        <translation>粘贴链接(&amp;P)</translation>
    </message>
</context>
<context>
    <name>MediaPlayer</name>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>播放位置</translation>
    </message>
    <message>
        <source>The recording {path} cannot be found.</source>
        <translation>找不到录音 {path}。</translation>
    </message>
    <message>
        <source>{name} – Lanthorn</source>
        <translation>{name} – Lanthorn</translation>
    </message>
    <message>
        <source>The recording {path} cannot be played ({reason}).</source>
        <translation>无法播放录音 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation>未知格式</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>MediaProgress</name>
    <message>
        <source>Transcribing · {done} of {total}</source>
        <translation>正在转写 · {done} / {total}</translation>
    </message>
    <message>
        <source>Downloading the sound · {done} of {total}</source>
        <translation>正在下载音频 · {done} / {total}</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Lanthorn</source>
        <translation>Lanthorn</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit this question and resend</source>
        <translation>编辑此问题并重新发送</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Answer again</source>
        <translation>重新回答</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <source>Answer from general knowledge</source>
        <translation>用通用知识回答</translation>
    </message>
    <message>
        <source>Written by {model}</source>
        <translation>由 {model} 撰写</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>总结</translation>
    </message>
    <message>
        <source>General knowledge, not from your documents</source>
        <translation>通用知识，并非来自你的文档</translation>
    </message>
    <message>
        <source>Not covered by your documents</source>
        <translation>你的文档中没有相关内容</translation>
    </message>
    <message>
        <source>From your documents:</source>
        <translation>摘自你的文档：</translation>
    </message>
    <message>
        <source>Open source {label}</source>
        <translation>打开出处 {label}</translation>
    </message>
    <message>
        <source>Edit question</source>
        <translation>编辑问题</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Ask again when ready</source>
        <translation>就绪后重新提问</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Stopped before the answer began.</source>
        <translation>在回答开始前已停止。</translation>
    </message>
</context>
<context>
    <name>MicButton</name>
    <message>
        <source>Ask by voice</source>
        <translation>语音提问</translation>
    </message>
    <message>
        <source>Listening… click to stop, or just pause: it stops by itself.</source>
        <translation>正在聆听… 点击即可停止，或者停顿一下：它会自动停止。</translation>
    </message>
    <message>
        <source>Listening… let go to stop.</source>
        <translation>正在聆听… 松开即可停止。</translation>
    </message>
    <message>
        <source>Turning your question into text…</source>
        <translation>正在把你的问题转成文字…</translation>
    </message>
    <message>
        <source>Ask by voice: hold to talk, or click to start and click again to stop ({shortcut}).</source>
        <translation>语音提问：按住说话，或点击开始、再次点击停止（{shortcut}）。</translation>
    </message>
</context>
<context>
    <name>Microphone</name>
    <message>
        <source>No microphone found.</source>
        <translation>未找到麦克风。</translation>
    </message>
    <message>
        <source>Connect a microphone (or a headset), then try again.</source>
        <translation>请连接麦克风（或耳机）后重试。</translation>
    </message>
    <message>
        <source>Lanthorn is not allowed to use the microphone.</source>
        <translation>Lanthorn 没有使用麦克风的权限。</translation>
    </message>
    <message>
        <source>Allow it in the system&apos;s privacy settings, then try again.</source>
        <translation>请在系统的隐私设置中允许后重试。</translation>
    </message>
    <message>
        <source>Lanthorn asked for permission to use the microphone.</source>
        <translation>Lanthorn 已请求使用麦克风的权限。</translation>
    </message>
    <message>
        <source>Allow it, then press the microphone button again.</source>
        <translation>允许后，请再次按下麦克风按钮。</translation>
    </message>
    <message>
        <source>The microphone {name} could not be opened.</source>
        <translation>无法打开麦克风 {name}。</translation>
    </message>
    <message>
        <source>Another program may be using it, or the system may not allow Lanthorn to record. Close that program or choose another microphone in Settings.</source>
        <translation>可能有其他程序正在使用它，或者系统不允许 Lanthorn 录音。请关闭那个程序，或在“设置”中选择其他麦克风。</translation>
    </message>
    <message>
        <source>The microphone {name} was disconnected while recording.</source>
        <translation>录音时麦克风 {name} 断开了连接。</translation>
    </message>
    <message>
        <source>What was recorded until then is transcribed. Reconnect it to ask again.</source>
        <translation>断开之前录下的内容会被转成文字。重新连接后即可再次提问。</translation>
    </message>
</context>
<context>
    <name>ModelFacts</name>
    <message>
        <source>{name} (demo)</source>
        <translation>{name}（演示）</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>适合</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <source>won&apos;t fit</source>
        <translation>放不下</translation>
    </message>
    <message>
        <source>{verdict} · needs {needed} of {available} free</source>
        <translation>{verdict} · 需要 {needed}，可用 {available}</translation>
    </message>
    <message>
        <source>GPU ({layers} layers): {needed} of {available}</source>
        <translation>GPU（{layers} 层）：{needed} / {available}</translation>
    </message>
    <message>
        <source>{tokens} tokens</source>
        <translation>{tokens} 个词元</translation>
    </message>
    <message>
        <source>Chat model</source>
        <translation>对话模型</translation>
    </message>
    <message>
        <source>Search (embedding) model</source>
        <translation>搜索（嵌入）模型</translation>
    </message>
    <message>
        <source>Speech (Whisper) model</source>
        <translation>语音（Whisper）模型</translation>
    </message>
</context>
<context>
    <name>ModelHeader</name>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Model for this conversation</source>
        <translation>本对话使用的模型</translation>
    </message>
    <message>
        <source>The model that writes this conversation&apos;s answers</source>
        <translation>为本对话撰写回答的模型</translation>
    </message>
</context>
<context>
    <name>PdfViewer</name>
    <message>
        <source>Document page</source>
        <translation>文档页面</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Find in document</source>
        <translation>在文档中查找</translation>
    </message>
    <message>
        <source>The PDF {path} cannot be opened ({reason}).</source>
        <translation>无法打开 PDF 文件 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>{name} – Lanthorn</source>
        <translation>{name} – Lanthorn</translation>
    </message>
    <message>
        <source>of {count}</source>
        <translation>/ 共 {count} 页</translation>
    </message>
</context>
<context>
    <name>PlaylistBox</name>
    <message>
        <source>Remove playlist</source>
        <translation>移除播放列表</translation>
    </message>
    <message>
        <source>Hide the videos</source>
        <translation>隐藏视频</translation>
    </message>
    <message>
        <source>Show the videos</source>
        <translation>显示视频</translation>
    </message>
    <message>
        <source>Playlist: {title}</source>
        <translation>播放列表：{title}</translation>
    </message>
</context>
<context>
    <name>PlaylistGroups</name>
    <message>
        <source>{count} videos</source>
        <translation>{count} 个视频</translation>
    </message>
    <message>
        <source>{count} ready</source>
        <translation>{count} 个就绪</translation>
    </message>
    <message>
        <source>{count} to come</source>
        <translation>{count} 个待处理</translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>{count} 个失败</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RemoteSection</name>
    <message>
        <source>Remote server (OpenAI-compatible)</source>
        <translation>远程服务器（兼容 OpenAI）</translation>
    </message>
    <message>
        <source>With a remote model, your question, the recent turns of the conversation and the passages cited from your documents are sent to the server to be answered. Only those leave this computer: your documents, their index and the search stay here.</source>
        <translation>使用远程模型时，你的问题、对话最近的几轮以及从你的文档中引用的段落会发送到服务器以生成回答。只有这些会离开这台电脑：你的文档、文档索引和搜索都留在本机。</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>API key (optional)</source>
        <translation>API 密钥（可选）</translation>
    </message>
    <message>
        <source>Save server</source>
        <translation>保存服务器</translation>
    </message>
    <message>
        <source>Save the remote server</source>
        <translation>保存远程服务器</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Test the connection to the remote server</source>
        <translation>测试与远程服务器的连接</translation>
    </message>
    <message>
        <source>Forget the key</source>
        <translation>忘记密钥</translation>
    </message>
    <message>
        <source>Forget the server&apos;s API key</source>
        <translation>忘记该服务器的 API 密钥</translation>
    </message>
    <message>
        <source>A key is kept; type a new one to replace it</source>
        <translation>已保存一个密钥；输入新的密钥即可替换</translation>
    </message>
    <message>
        <source>Only if the server asks for one</source>
        <translation>仅在服务器要求时填写</translation>
    </message>
    <message>
        <source>The API key is kept in the system keyring ({backend}).</source>
        <translation>API 密钥保存在系统密钥环中（{backend}）。</translation>
    </message>
    <message>
        <source>The API key is kept in memory only, until Lanthorn quits: {reason}</source>
        <translation>API 密钥仅保存在内存中，Lanthorn 退出后即失效：{reason}</translation>
    </message>
    <message>
        <source>Connected: {model} answered at {url} ({context} tokens of context).</source>
        <translation>已连接：{url} 上的 {model} 已回应（上下文 {context} 个词元）。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在询问服务器…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model settings</source>
        <translation>模型设置</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>Starter model (SmolLM2, bundled)</source>
        <translation>入门模型（SmolLM2，内置）</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a GGUF model file</source>
        <translation>选择 GGUF 模型文件</translation>
    </message>
    <message>
        <source>Model file (GGUF)</source>
        <translation>模型文件（GGUF）</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Context size (tokens)</source>
        <translation>上下文长度（词元）</translation>
    </message>
    <message>
        <source>Automatic (physical cores)</source>
        <translation>自动（物理核心数）</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Longest answer (tokens)</source>
        <translation>最长回答（词元）</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Starter model (all-MiniLM-L6-v2, bundled)</source>
        <translation>入门模型（all-MiniLM-L6-v2，内置）</translation>
    </message>
    <message>
        <source>Embedding model folder</source>
        <translation>嵌入模型文件夹</translation>
    </message>
    <message>
        <source>Choose an embedding model folder</source>
        <translation>选择嵌入模型文件夹</translation>
    </message>
    <message>
        <source>Changing it re-reads every document with the new model.</source>
        <translation>更改后将用新模型重新处理所有文档。</translation>
    </message>
    <message>
        <source>Passages per answer</source>
        <translation>每个回答使用的段落数</translation>
    </message>
    <message>
        <source>Relevance floor</source>
        <translation>相关性下限</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>Spoken language</source>
        <translation>说话的语言</translation>
    </message>
    <message>
        <source>The interface&apos;s language picks the model: English uses the fast English-only model, Chinese the multilingual one (about four times slower).</source>
        <translation>由界面语言决定所用模型：英文使用快速的纯英文模型，中文使用多语言模型（约慢四倍）。</translation>
    </message>
    <message>
        <source>Send a spoken question at once</source>
        <translation>说完立即发送问题</translation>
    </message>
    <message>
        <source>Otherwise it waits in the question box, so you can edit it first</source>
        <translation>否则问题会先留在输入框里，方便你先修改</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Longest recording</source>
        <translation>最长录音时间</translation>
    </message>
    <message>
        <source>Bundled models (tiny.en for English, base for other languages)</source>
        <translation>内置模型（英文用 tiny.en，其他语言用 base）</translation>
    </message>
    <message>
        <source>Speech model folder</source>
        <translation>语音模型文件夹</translation>
    </message>
    <message>
        <source>Choose a Whisper model folder</source>
        <translation>选择 Whisper 模型文件夹</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>{name} (not connected)</source>
        <translation>{name}（未连接）</translation>
    </message>
    <message>
        <source>Same as the interface</source>
        <translation>与界面语言相同</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>A new language applies the next time Lanthorn starts.</source>
        <translation>新语言将在下次启动 Lanthorn 时生效。</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading the model…</source>
        <translation>正在读取模型…</translation>
    </message>
    <message>
        <source>The starter model bundled with Lanthorn.</source>
        <translation>Lanthorn 内置的入门模型。</translation>
    </message>
    <message>
        <source>{name} · {arch} · {params} parameters · {quant} · trained for {ctx} tokens · {size}</source>
        <translation>{name} · {arch} · {params} 参数 · {quant} · 训练上下文 {ctx} 词元 · {size}</translation>
    </message>
    <message>
        <source>Fits in memory: needs about {needed} at {context} tokens of context; {available} available.</source>
        <translation>内存足够：{context} 词元上下文约需 {needed}；当前可用 {available}。</translation>
    </message>
    <message>
        <source>Fits, but only just: needs about {needed} at {context} tokens of context; {available} available. Other programs may slow down while it runs.</source>
        <translation>勉强够用：{context} 词元上下文约需 {needed}；当前可用 {available}。运行时其他程序可能会变慢。</translation>
    </message>
    <message>
        <source>Won&apos;t fit in the memory available now: needs about {needed} at {context} tokens of context; {available} available. Lanthorn will not load it.</source>
        <translation>当前可用内存不足：{context} 词元上下文约需 {needed}；当前可用 {available}。Lanthorn 不会加载它。</translation>
    </message>
    <message>
        <source>Transcribe videos without captions</source>
        <translation>转写没有字幕的视频</translation>
    </message>
    <message>
        <source>Downloads the sound of a YouTube video that has no captions and transcribes it here. Off: such a video is not added.</source>
        <translation>下载没有字幕的 YouTube 视频的音频，并在本机转写。关闭时，这样的视频不会被添加。</translation>
    </message>
</context>
<context>
    <name>SourceRow</name>
    <message>
        <source>Ready · {pages} pages · {chunks} passages</source>
        <translation>已就绪 · {pages} 页 · {chunks} 个段落</translation>
    </message>
    <message>
        <source>Indexing · {done} of {total} pages</source>
        <translation>正在索引 · 第 {done}/{total} 页</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>原因不明</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>总结</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Password…</source>
        <translation>输入密码…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Encrypted · the password was wrong; try another</source>
        <translation>已加密 · 密码错误，请换一个再试</translation>
    </message>
    <message>
        <source>Encrypted · it opens with its password</source>
        <translation>已加密 · 需要密码才能打开</translation>
    </message>
    <message>
        <source>Cancelled · {done} of {total} pages indexed</source>
        <translation>已取消 · 已索引 {done}/{total} 页</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
</context>
<context>
    <name>VoiceInput</name>
    <message>
        <source>Stopped at the longest recording the settings allow ({seconds} s).</source>
        <translation>已达到设置允许的最长录音时间（{seconds} 秒），录音已停止。</translation>
    </message>
    <message>
        <source>Didn&apos;t catch that — try again.</source>
        <translation>没听清 — 请再说一次。</translation>
    </message>
</context>
<context>
    <name>WelcomeCard</name>
    <message>
        <source>Welcome to Lanthorn</source>
        <translation>欢迎使用 Lanthorn</translation>
    </message>
    <message>
        <source>&lt;ol&gt;&lt;li&gt;&lt;b&gt;Drop a PDF&lt;/b&gt; (or a folder of them) anywhere on this window, or press &lt;i&gt;Add documents…&lt;/i&gt;&lt;/li&gt;&lt;li&gt;&lt;b&gt;Ask a question&lt;/b&gt; below and press Enter.&lt;/li&gt;&lt;li&gt;Answers cite the pages they come from: click a citation to see the passage.&lt;/li&gt;&lt;/ol&gt;Everything stays on this computer. You can chat while documents are indexed.</source>
        <translation>&lt;ol&gt;&lt;li&gt;将 &lt;b&gt;PDF 文件&lt;/b&gt;（或整个文件夹）拖到窗口任意位置，或点击&lt;i&gt;添加文档…&lt;/i&gt;&lt;/li&gt;&lt;li&gt;在下方&lt;b&gt;输入问题&lt;/b&gt;并按 Enter。&lt;/li&gt;&lt;li&gt;回答会注明出自哪一页：点击引用即可查看原文段落。&lt;/li&gt;&lt;/ol&gt;所有内容都只保存在这台电脑上。文档索引期间也可以继续对话。</translation>
    </message>
    <message>
        <source>Add documents…</source>
        <translation>添加文档…</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <source>1 document is ready</source>
        <translation>1 个文档已就绪</translation>
    </message>
    <message>
        <source>{count} documents are ready</source>
        <translation>{count} 个文档已就绪</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{count}.&lt;/b&gt; Ask a question about them below and press Enter.&lt;/p&gt;&lt;p&gt;Answers cite the pages they come from: click a citation to see the passage. Drop more files anywhere on this window to add them.&lt;/p&gt;Everything stays on this computer.</source>
        <translation>&lt;p&gt;&lt;b&gt;{count}。&lt;/b&gt;在下方就这些文档提问，然后按 Enter。&lt;/p&gt;&lt;p&gt;回答会引用出处页码：点击引用即可查看原文段落。把更多文件拖到此窗口的任意位置即可添加。&lt;/p&gt;所有内容都保留在这台电脑上。</translation>
    </message>
    <message>
        <source>Add more documents…</source>
        <translation>添加更多文档…</translation>
    </message>
</context>
</TS>
