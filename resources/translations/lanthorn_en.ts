<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AnswerStatus</name>
    <message>
        <source>{seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min {seconds:02d} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation type="unfinished">{speed:.1f} tokens/s</translation>
    </message>
    <message>
        <source>Searching your documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {count} passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading your question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarizing: {done}/{total}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Lanthorn cannot start</source>
        <translation>Lanthorn cannot start</translation>
    </message>
</context>
<context>
    <name>AskAgain</name>
    <message>
        <source>Those documents are indexed now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still being indexed: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will ask again when they are ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask again when ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (queued)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (page {done} of {total})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogRow</name>
    <message>
        <source>Use for search</source>
        <translation>Use for search</translation>
    </message>
    <message>
        <source>Re-read every document with this model; search keeps the current one until that is done</source>
        <translation>Re-read every document with this model; search keeps the current one until that is done</translation>
    </message>
    <message>
        <source>{kind} · {size} · licence: {licence} · languages: {languages}</source>
        <translation>{kind} · {size} · licence: {licence} · languages: {languages}</translation>
    </message>
    <message>
        <source>Use {title} for search</source>
        <translation>Use {title} for search</translation>
    </message>
</context>
<context>
    <name>CatalogSection</name>
    <message>
        <source>Recommended models to download</source>
        <translation>Recommended models to download</translation>
    </message>
    <message>
        <source>Downloads are checked (SHA-256) before they are used; a paused download resumes where it stopped.</source>
        <translation>Downloads are checked (SHA-256) before they are used; a paused download resumes where it stopped.</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Summarizing {title}: {done}/{total}</source>
        <translation>Summarizing {title}: {done}/{total}</translation>
    </message>
    <message>
        <source>Summarizing: {done}/{total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarize {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary of {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>Show earlier messages</source>
        <translation>Show earlier messages</translation>
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
        <translation>{title} p.{page}</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask a question (Enter sends, Shift+Enter for a new line)</source>
        <translation>Ask a question (Enter sends, Shift+Enter for a new line)</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Use my documents</source>
        <translation>Use my documents</translation>
    </message>
    <message>
        <source>Answer from your documents and cite them</source>
        <translation>Answer from your documents and cite them</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Send question</source>
        <translation>Send question</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>Stop the answer (Esc)</translation>
    </message>
    <message>
        <source>Voice input</source>
        <translation>Voice input</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <source>New chat (Ctrl+N)</source>
        <translation>New chat (Ctrl+N)</translation>
    </message>
    <message>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Search conversations (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Search conversations</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Export as Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Export as JSON…</translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation>Untitled conversation</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>Delete conversation</translation>
    </message>
    <message>
        <source>Delete “{title}” and all its messages?</source>
        <translation>Delete “{title}” and all its messages?</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Export conversation</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation exported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoNotice</name>
    <message>
        <source>Demo model notice</source>
        <translation>Demo model notice</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Dismiss the demo model notice</source>
        <translation>Dismiss the demo model notice</translation>
    </message>
    <message>
        <source>Only the tiny demo model (135 million parameters) is installed: it can chat, but it often misses or invents when answering from your documents. No recommended model fits in the memory free now: close other programs, or use a model on a server (Settings, Models).</source>
        <translation>Only the tiny demo model (135 million parameters) is installed: it can chat, but it often misses or invents when answering from your documents. No recommended model fits in the memory free now: close other programs, or use a model on a server (Settings, Models).</translation>
    </message>
    <message>
        <source>Only the tiny demo model (135 million parameters) is installed: it can chat, but it often misses or invents when answering from your documents. For real use, download {title} ({size}), the best fit for this computer.</source>
        <translation>Only the tiny demo model (135 million parameters) is installed: it can chat, but it often misses or invents when answering from your documents. For real use, download {title} ({size}), the best fit for this computer.</translation>
    </message>
</context>
<context>
    <name>DownloadControls</name>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Pause the download of {title}</source>
        <translation>Pause the download of {title}</translation>
    </message>
    <message>
        <source>Cancel the download of {title} and delete what arrived</source>
        <translation>Cancel the download of {title} and delete what arrived</translation>
    </message>
    <message>
        <source>{action}: {title}</source>
        <translation>{action}: {title}</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Downloaded and verified</source>
        <translation>Downloaded and verified</translation>
    </message>
    <message>
        <source>Waits for the other download to finish</source>
        <translation>Waits for the other download to finish</translation>
    </message>
    <message>
        <source>Paused at {done} of {total}</source>
        <translation>Paused at {done} of {total}</translation>
    </message>
    <message>
        <source>{total} to download</source>
        <translation>{total} to download</translation>
    </message>
    <message>
        <source>Starting the download…</source>
        <translation>Starting the download…</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} of {total}</translation>
    </message>
    <message>
        <source>{speed}/s</source>
        <translation>{speed}/s</translation>
    </message>
</context>
<context>
    <name>EmbeddingSwitchBar</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Cancel switching the embedding model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue switching the embedding model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to re-read your documents with the new model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-reading your documents with the new model: {done} of {total} passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switching the embedding model is paused. Search uses the previous model until it is done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Error details</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Dismiss the error</source>
        <translation>Dismiss the error</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong: {kind}.</source>
        <translation>Something went wrong: {kind}.</translation>
    </message>
    <message>
        <source>{text}

The full report is in {log}.</source>
        <translation>{text}

The full report is in {log}.</translation>
    </message>
    <message>
        <source>Lanthorn hit a problem</source>
        <translation>Lanthorn hit a problem</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({kind}). Your conversations and documents are safe. If it happens again, please send the report file.</source>
        <translation>Something unexpected went wrong ({kind}). Your conversations and documents are safe. If it happens again, please send the report file.</translation>
    </message>
    <message>
        <source>Report: {path}</source>
        <translation>Report: {path}</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Saved {name} in {folder}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>less than a minute left</source>
        <translation type="unfinished">less than a minute left</translation>
    </message>
    <message>
        <source>about {minutes} min left</source>
        <translation type="unfinished">about {minutes} min left</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <source>Lanthorn cannot read {names}. It reads {suffixes} files, and folders of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything Lanthorn reads ({patterns})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>Add documents</translation>
    </message>
    <message>
        <source>Add PDF, text or Markdown files</source>
        <translation>Add PDF, text or Markdown files</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>Add a folder of documents</translation>
    </message>
    <message>
        <source>Drop PDFs, text files or folders here to ask about them.</source>
        <translation>Drop PDFs, text files or folders here to ask about them.</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>Add a folder</translation>
    </message>
    <message>
        <source>1 document ready</source>
        <translation>1 document ready</translation>
    </message>
    <message>
        <source>{count} documents ready</source>
        <translation>{count} documents ready</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index every failed or cancelled document again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the documents that failed or were cancelled from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing {name}: {done}/{total} pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for {name}:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibrarySection</name>
    <message>
        <source>Your models</source>
        <translation>Your models</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Fit for this computer</source>
        <translation>Fit for this computer</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantization</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>Trained context</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>File size</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Add a GGUF file…</source>
        <translation>Add a GGUF file…</translation>
    </message>
    <message>
        <source>Add a GGUF model file to the library</source>
        <translation>Add a GGUF model file to the library</translation>
    </message>
    <message>
        <source>Copy added files into Lanthorn&apos;s data folder</source>
        <translation>Copy added files into Lanthorn&apos;s data folder</translation>
    </message>
    <message>
        <source>Otherwise Lanthorn uses the file where it is and never deletes it</source>
        <translation>Otherwise Lanthorn uses the file where it is and never deletes it</translation>
    </message>
    <message>
        <source>Set as default</source>
        <translation>Set as default</translation>
    </message>
    <message>
        <source>Make the selected model the default</source>
        <translation>Make the selected model the default</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>Remove the selected model</source>
        <translation>Remove the selected model</translation>
    </message>
    <message>
        <source>Drop .gguf files here to add them.</source>
        <translation>Drop .gguf files here to add them.</translation>
    </message>
    <message>
        <source>{name} · default</source>
        <translation>{name} · default</translation>
    </message>
    <message>
        <source>runs on {url}</source>
        <translation>runs on {url}</translation>
    </message>
    <message>
        <source>server</source>
        <translation>server</translation>
    </message>
    <message>
        <source>copied into Lanthorn&apos;s data folder</source>
        <translation>copied into Lanthorn&apos;s data folder</translation>
    </message>
    <message>
        <source>used where it is</source>
        <translation>used where it is</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>Add a model</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF models (*.gguf);;All files (*)</translation>
    </message>
    <message>
        <source>Copying {name}…</source>
        <translation>Copying {name}…</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>{name} is in the library.</source>
        <translation>{name} is in the library.</translation>
    </message>
    <message>
        <source>{name} is now the default model.</source>
        <translation>{name} is now the default model.</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Remove model</translation>
    </message>
    <message>
        <source>Remove {name} from the library?</source>
        <translation>Remove {name} from the library?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>The server&apos;s address is forgotten, and so is its API key.</source>
        <translation>The server&apos;s address is forgotten, and so is its API key.</translation>
    </message>
    <message>
        <source>Lanthorn&apos;s copy is deleted from its data folder: {path}</source>
        <translation>Lanthorn&apos;s copy is deleted from its data folder: {path}</translation>
    </message>
    <message>
        <source>The file is not deleted: it stays where it is ({path}); Lanthorn only forgets it.</source>
        <translation>The file is not deleted: it stays where it is ({path}); Lanthorn only forgets it.</translation>
    </message>
    <message>
        <source>{name} was removed.</source>
        <translation>{name} was removed.</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add documents…</source>
        <translation>&amp;Add documents…</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>Add &amp;folder…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;New chat</translation>
    </message>
    <message>
        <source>&amp;Search conversations</source>
        <translation>&amp;Search conversations</translation>
    </message>
    <message>
        <source>S&amp;top answer</source>
        <translation>S&amp;top answer</translation>
    </message>
    <message>
        <source>Ask a &amp;question</source>
        <translation>Ask a &amp;question</translation>
    </message>
    <message>
        <source>Show &amp;documents</source>
        <translation>Show &amp;documents</translation>
    </message>
    <message>
        <source>&amp;About Lanthorn</source>
        <translation>&amp;About Lanthorn</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation>{speed:.1f} tokens/s</translation>
    </message>
    <message>
        <source>About Lanthorn</source>
        <translation>About Lanthorn</translation>
    </message>
    <message>
        <source>Lanthorn: private, offline chat with a local model about your own documents.</source>
        <translation>Lanthorn: private, offline chat with a local model about your own documents.</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>Model: {name}</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>&amp;Paste links</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MediaPlayer</name>
    <message>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording {path} cannot be found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} – Lanthorn</source>
        <translation type="unfinished">{name} – Lanthorn</translation>
    </message>
    <message>
        <source>The recording {path} cannot be played ({reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished">Pause</translation>
    </message>
</context>
<context>
    <name>MediaProgress</name>
    <message>
        <source>Transcribing · {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the sound · {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Lanthorn</source>
        <translation>Lanthorn</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Copy this message</source>
        <translation>Copy this message</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Edit this question and resend</source>
        <translation>Edit this question and resend</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source>Answer again</source>
        <translation>Answer again</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Message text</translation>
    </message>
    <message>
        <source>Answer from general knowledge</source>
        <translation>Answer from general knowledge</translation>
    </message>
    <message>
        <source>Written by {model}</source>
        <translation>Written by {model}</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General knowledge, not from your documents</source>
        <translation>General knowledge, not from your documents</translation>
    </message>
    <message>
        <source>Not covered by your documents</source>
        <translation>Not covered by your documents</translation>
    </message>
    <message>
        <source>From your documents:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open source {label}</source>
        <translation>Open source {label}</translation>
    </message>
    <message>
        <source>Edit question</source>
        <translation>Edit question</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Ask again when ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before the answer began.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MicButton</name>
    <message>
        <source>Ask by voice</source>
        <translation>Ask by voice</translation>
    </message>
    <message>
        <source>Listening… click to stop, or just pause: it stops by itself.</source>
        <translation>Listening… click to stop, or just pause: it stops by itself.</translation>
    </message>
    <message>
        <source>Listening… let go to stop.</source>
        <translation>Listening… let go to stop.</translation>
    </message>
    <message>
        <source>Turning your question into text…</source>
        <translation>Turning your question into text…</translation>
    </message>
    <message>
        <source>Ask by voice: hold to talk, or click to start and click again to stop ({shortcut}).</source>
        <translation>Ask by voice: hold to talk, or click to start and click again to stop ({shortcut}).</translation>
    </message>
</context>
<context>
    <name>Microphone</name>
    <message>
        <source>No microphone found.</source>
        <translation>No microphone found.</translation>
    </message>
    <message>
        <source>Connect a microphone (or a headset), then try again.</source>
        <translation>Connect a microphone (or a headset), then try again.</translation>
    </message>
    <message>
        <source>Lanthorn is not allowed to use the microphone.</source>
        <translation>Lanthorn is not allowed to use the microphone.</translation>
    </message>
    <message>
        <source>Allow it in the system&apos;s privacy settings, then try again.</source>
        <translation>Allow it in the system&apos;s privacy settings, then try again.</translation>
    </message>
    <message>
        <source>Lanthorn asked for permission to use the microphone.</source>
        <translation>Lanthorn asked for permission to use the microphone.</translation>
    </message>
    <message>
        <source>Allow it, then press the microphone button again.</source>
        <translation>Allow it, then press the microphone button again.</translation>
    </message>
    <message>
        <source>The microphone {name} could not be opened.</source>
        <translation>The microphone {name} could not be opened.</translation>
    </message>
    <message>
        <source>Another program may be using it, or the system may not allow Lanthorn to record. Close that program or choose another microphone in Settings.</source>
        <translation>Another program may be using it, or the system may not allow Lanthorn to record. Close that program or choose another microphone in Settings.</translation>
    </message>
    <message>
        <source>The microphone {name} was disconnected while recording.</source>
        <translation>The microphone {name} was disconnected while recording.</translation>
    </message>
    <message>
        <source>What was recorded until then is transcribed. Reconnect it to ask again.</source>
        <translation>What was recorded until then is transcribed. Reconnect it to ask again.</translation>
    </message>
</context>
<context>
    <name>ModelFacts</name>
    <message>
        <source>{name} (demo)</source>
        <translation>{name} (demo)</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>fits</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>tight</translation>
    </message>
    <message>
        <source>won&apos;t fit</source>
        <translation>won&apos;t fit</translation>
    </message>
    <message>
        <source>{verdict} · needs {needed} of {available} free</source>
        <translation>{verdict} · needs {needed} of {available} free</translation>
    </message>
    <message>
        <source>GPU ({layers} layers): {needed} of {available}</source>
        <translation>GPU ({layers} layers): {needed} of {available}</translation>
    </message>
    <message>
        <source>{tokens} tokens</source>
        <translation>{tokens} tokens</translation>
    </message>
    <message>
        <source>Chat model</source>
        <translation>Chat model</translation>
    </message>
    <message>
        <source>Search (embedding) model</source>
        <translation>Search (embedding) model</translation>
    </message>
    <message>
        <source>Speech (Whisper) model</source>
        <translation>Speech (Whisper) model</translation>
    </message>
</context>
<context>
    <name>ModelHeader</name>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Model:</translation>
    </message>
    <message>
        <source>Model for this conversation</source>
        <translation>Model for this conversation</translation>
    </message>
    <message>
        <source>The model that writes this conversation&apos;s answers</source>
        <translation>The model that writes this conversation&apos;s answers</translation>
    </message>
</context>
<context>
    <name>PdfViewer</name>
    <message>
        <source>Document page</source>
        <translation>Document page</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Page number</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>Find in document</source>
        <translation>Find in document</translation>
    </message>
    <message>
        <source>The PDF {path} cannot be opened ({reason}).</source>
        <translation>The PDF {path} cannot be opened ({reason}).</translation>
    </message>
    <message>
        <source>{name} – Lanthorn</source>
        <translation>{name} – Lanthorn</translation>
    </message>
    <message>
        <source>of {count}</source>
        <translation>of {count}</translation>
    </message>
</context>
<context>
    <name>PlaylistBox</name>
    <message>
        <source>Remove playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the videos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the videos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist: {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaylistGroups</name>
    <message>
        <source>{count} videos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} to come</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoteSection</name>
    <message>
        <source>Remote server (OpenAI-compatible)</source>
        <translation>Remote server (OpenAI-compatible)</translation>
    </message>
    <message>
        <source>With a remote model, your question, the recent turns of the conversation and the passages cited from your documents are sent to the server to be answered. Only those leave this computer: your documents, their index and the search stay here.</source>
        <translation>With a remote model, your question, the recent turns of the conversation and the passages cited from your documents are sent to the server to be answered. Only those leave this computer: your documents, their index and the search stay here.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Model name</translation>
    </message>
    <message>
        <source>API key (optional)</source>
        <translation>API key (optional)</translation>
    </message>
    <message>
        <source>Save server</source>
        <translation>Save server</translation>
    </message>
    <message>
        <source>Save the remote server</source>
        <translation>Save the remote server</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Test the connection to the remote server</source>
        <translation>Test the connection to the remote server</translation>
    </message>
    <message>
        <source>Forget the key</source>
        <translation>Forget the key</translation>
    </message>
    <message>
        <source>Forget the server&apos;s API key</source>
        <translation>Forget the server&apos;s API key</translation>
    </message>
    <message>
        <source>A key is kept; type a new one to replace it</source>
        <translation>A key is kept; type a new one to replace it</translation>
    </message>
    <message>
        <source>Only if the server asks for one</source>
        <translation>Only if the server asks for one</translation>
    </message>
    <message>
        <source>The API key is kept in the system keyring ({backend}).</source>
        <translation>The API key is kept in the system keyring ({backend}).</translation>
    </message>
    <message>
        <source>The API key is kept in memory only, until Lanthorn quits: {reason}</source>
        <translation>The API key is kept in memory only, until Lanthorn quits: {reason}</translation>
    </message>
    <message>
        <source>Connected: {model} answered at {url} ({context} tokens of context).</source>
        <translation>Connected: {model} answered at {url} ({context} tokens of context).</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Asking the server…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Model settings</source>
        <translation>Model settings</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Answers</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>Knowledge</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Interface</translation>
    </message>
    <message>
        <source>Starter model (SmolLM2, bundled)</source>
        <translation>Starter model (SmolLM2, bundled)</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Model file</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose a GGUF model file</source>
        <translation>Choose a GGUF model file</translation>
    </message>
    <message>
        <source>Model file (GGUF)</source>
        <translation>Model file (GGUF)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>Context size (tokens)</source>
        <translation>Context size (tokens)</translation>
    </message>
    <message>
        <source>Automatic (physical cores)</source>
        <translation>Automatic (physical cores)</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU layers</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>Repeat penalty</translation>
    </message>
    <message>
        <source>Longest answer (tokens)</source>
        <translation>Longest answer (tokens)</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Random</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <source>Starter model (all-MiniLM-L6-v2, bundled)</source>
        <translation>Starter model (all-MiniLM-L6-v2, bundled)</translation>
    </message>
    <message>
        <source>Embedding model folder</source>
        <translation>Embedding model folder</translation>
    </message>
    <message>
        <source>Choose an embedding model folder</source>
        <translation>Choose an embedding model folder</translation>
    </message>
    <message>
        <source>Changing it re-reads every document with the new model.</source>
        <translation>Changing it re-reads every document with the new model.</translation>
    </message>
    <message>
        <source>Passages per answer</source>
        <translation>Passages per answer</translation>
    </message>
    <message>
        <source>Relevance floor</source>
        <translation>Relevance floor</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <source>Spoken language</source>
        <translation>Spoken language</translation>
    </message>
    <message>
        <source>The interface&apos;s language picks the model: English uses the fast English-only model, Chinese the multilingual one (about four times slower).</source>
        <translation>The interface&apos;s language picks the model: English uses the fast English-only model, Chinese the multilingual one (about four times slower).</translation>
    </message>
    <message>
        <source>Send a spoken question at once</source>
        <translation>Send a spoken question at once</translation>
    </message>
    <message>
        <source>Otherwise it waits in the question box, so you can edit it first</source>
        <translation>Otherwise it waits in the question box, so you can edit it first</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Longest recording</source>
        <translation>Longest recording</translation>
    </message>
    <message>
        <source>Bundled models (tiny.en for English, base for other languages)</source>
        <translation>Bundled models (tiny.en for English, base for other languages)</translation>
    </message>
    <message>
        <source>Speech model folder</source>
        <translation>Speech model folder</translation>
    </message>
    <message>
        <source>Choose a Whisper model folder</source>
        <translation>Choose a Whisper model folder</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>{name} (not connected)</source>
        <translation>{name} (not connected)</translation>
    </message>
    <message>
        <source>Same as the interface</source>
        <translation>Same as the interface</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Same as the system</translation>
    </message>
    <message>
        <source>A new language applies the next time Lanthorn starts.</source>
        <translation>A new language applies the next time Lanthorn starts.</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>Choose a model</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF models (*.gguf);;All files (*)</translation>
    </message>
    <message>
        <source>Reading the model…</source>
        <translation>Reading the model…</translation>
    </message>
    <message>
        <source>The starter model bundled with Lanthorn.</source>
        <translation>The starter model bundled with Lanthorn.</translation>
    </message>
    <message>
        <source>{name} · {arch} · {params} parameters · {quant} · trained for {ctx} tokens · {size}</source>
        <translation>{name} · {arch} · {params} parameters · {quant} · trained for {ctx} tokens · {size}</translation>
    </message>
    <message>
        <source>Fits in memory: needs about {needed} at {context} tokens of context; {available} available.</source>
        <translation>Fits in memory: needs about {needed} at {context} tokens of context; {available} available.</translation>
    </message>
    <message>
        <source>Fits, but only just: needs about {needed} at {context} tokens of context; {available} available. Other programs may slow down while it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Won&apos;t fit in the memory available now: needs about {needed} at {context} tokens of context; {available} available. Lanthorn will not load it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcribe videos without captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads the sound of a YouTube video that has no captions and transcribes it here. Off: such a video is not added.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourceRow</name>
    <message>
        <source>Ready · {pages} pages · {chunks} passages</source>
        <translation>Ready · {pages} pages · {chunks} passages</translation>
    </message>
    <message>
        <source>Indexing · {done} of {total} pages</source>
        <translation>Indexing · {done} of {total} pages</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>Failed: {reason}</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>unknown reason</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>Summarize</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Password…</source>
        <translation>Password…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Encrypted · the password was wrong; try another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypted · it opens with its password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled · {done} of {total} pages indexed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoiceInput</name>
    <message>
        <source>Stopped at the longest recording the settings allow ({seconds} s).</source>
        <translation>Stopped at the longest recording the settings allow ({seconds} s).</translation>
    </message>
    <message>
        <source>Didn&apos;t catch that — try again.</source>
        <translation>Didn&apos;t catch that — try again.</translation>
    </message>
</context>
<context>
    <name>WelcomeCard</name>
    <message>
        <source>Welcome to Lanthorn</source>
        <translation>Welcome to Lanthorn</translation>
    </message>
    <message>
        <source>&lt;ol&gt;&lt;li&gt;&lt;b&gt;Drop a PDF&lt;/b&gt; (or a folder of them) anywhere on this window, or press &lt;i&gt;Add documents…&lt;/i&gt;&lt;/li&gt;&lt;li&gt;&lt;b&gt;Ask a question&lt;/b&gt; below and press Enter.&lt;/li&gt;&lt;li&gt;Answers cite the pages they come from: click a citation to see the passage.&lt;/li&gt;&lt;/ol&gt;Everything stays on this computer. You can chat while documents are indexed.</source>
        <translation>&lt;ol&gt;&lt;li&gt;&lt;b&gt;Drop a PDF&lt;/b&gt; (or a folder of them) anywhere on this window, or press &lt;i&gt;Add documents…&lt;/i&gt;&lt;/li&gt;&lt;li&gt;&lt;b&gt;Ask a question&lt;/b&gt; below and press Enter.&lt;/li&gt;&lt;li&gt;Answers cite the pages they come from: click a citation to see the passage.&lt;/li&gt;&lt;/ol&gt;Everything stays on this computer. You can chat while documents are indexed.</translation>
    </message>
    <message>
        <source>Add documents…</source>
        <translation>Add documents…</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>Add documents</translation>
    </message>
    <message>
        <source>1 document is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} documents are ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{count}.&lt;/b&gt; Ask a question about them below and press Enter.&lt;/p&gt;&lt;p&gt;Answers cite the pages they come from: click a citation to see the passage. Drop more files anywhere on this window to add them.&lt;/p&gt;Everything stays on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add more documents…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
