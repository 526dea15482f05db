"""The settings dialog: models, answers, knowledge, voice and interface, stored through the engine.

Reading a model's header, the memory fit and saving run on the I/O lane. The fit label shows
the engine's one estimate (`engine.models.fit`) for the picked file at the context size typed,
the same verdict the loader acts on: a model the label calls "won't fit" is refused at load.
A new embedding model folder is not a plain setting: saving it asks the window to start the
re-embedding (`embedding_model_changed`), and the engine stores it once that is complete.
The voice tab lists the microphones QtMultimedia sees; one kept in the settings but not
connected now stays listed (and chosen), so saving other settings does not forget it.
The Models page (`desktop.settings.models_page`) acts at once through the engine; after each of
its changes the dialog takes the model and server settings from the engine again, so Save keeps
them.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import describe, shown
from desktop.formatting import human_bytes
from desktop.i18n import LANGUAGES
from desktop.models.downloads import Downloads
from desktop.settings.models_page import ModelsPage
from desktop.speech.microphone import input_devices
from desktop.task_runner import IO, TaskRunner
from engine.api import MAX_RECORDING_RANGE_S, EngineAPI, Settings
from engine.types import FitVerdict, ModelFit, ModelInfo


class SettingsDialog(QDialog):
    """Edits a copy of the settings; Save hands them to `update_settings`.

    Signals:
        saved(object): the new `Settings`, once the engine stored them.
        embedding_model_changed(str): the embedding model folder saved differs from the one in
            use ("" for the bundled model), or the Models page offered a downloaded one and
            the person took it; the re-embedding is still to be done.
        model_checked(object): the `ModelInfo` of the picked file, or the error (tests wait).
        fit_checked(object): the `ModelFit` shown by the fit label (tests wait).
    """

    saved = Signal(object)
    embedding_model_changed = Signal(str)
    model_checked = Signal(object)
    fit_checked = Signal(object)

    def __init__(
        self,
        engine: EngineAPI,
        runner: TaskRunner,
        settings: Settings,
        parent: QWidget | None = None,
        microphones: list[tuple[str, str]] | None = None,
        downloads: Downloads | None = None,
    ) -> None:
        """`microphones` are (id, description) pairs; by default those connected now.

        `downloads` are the window's catalog downloads (which outlive the dialog).
        """
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.resize(760, 620)
        self._engine = engine
        self._runner = runner
        self._settings = settings
        self._info: ModelInfo | None = None
        self.fit: ModelFit | None = None
        self._check = 0  # only the newest model check may fill the labels
        self._fit_check = 0  # and only the newest fit the fit label
        self._microphones = input_devices() if microphones is None else microphones
        self.models_page = ModelsPage(engine, runner, downloads or Downloads(engine, runner, self))
        self.models_page.settings_changed.connect(self._adopt_model_settings)
        self.models_page.use_for_search.connect(self.embedding_model_changed)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.models_page, self.tr("Models"))
        self.tabs.addTab(self._model_tab(), self.tr("Model settings"))
        self.tabs.addTab(self._answers_tab(), self.tr("Answers"))
        self.tabs.addTab(self._knowledge_tab(), self.tr("Knowledge"))
        self.tabs.addTab(self._voice_tab(), self.tr("Voice"))
        self.tabs.addTab(self._interface_tab(), self.tr("Interface"))
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(lambda: self.load(Settings()))
        self._name_fields()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.load(settings)
        self.models_page.refresh()

    # ------------------------------------------------------------------ tabs
    def _model_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.model_path = QLineEdit()
        self.model_path.setPlaceholderText(self.tr("Starter model (SmolLM2, bundled)"))
        self.model_path.setAccessibleName(self.tr("Model file"))
        self.model_path.editingFinished.connect(self.check_model)
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose a GGUF model file"))
        browse.clicked.connect(self._choose_model)
        row = QHBoxLayout()
        row.addWidget(self.model_path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Model file (GGUF)"), row)
        self.model_info = QLabel()
        self.model_info.setObjectName("modelInfo")
        self.model_info.setWordWrap(True)
        form.addRow("", self.model_info)
        self.model_fit = QLabel()
        self.model_fit.setObjectName("modelFit")
        self.model_fit.setWordWrap(True)
        form.addRow("", self.model_fit)
        self.context_size = self._spin(0, 1_048_576, self.tr("Automatic"), step=1024)
        self.context_size.valueChanged.connect(lambda _v: self._check_fit())
        form.addRow(self.tr("Context size (tokens)"), self.context_size)
        self.threads = self._spin(0, 256, self.tr("Automatic (physical cores)"))
        form.addRow(self.tr("Threads"), self.threads)
        self.gpu_layers = self._spin(-1, 1000, self.tr("Automatic"))
        form.addRow(self.tr("GPU layers"), self.gpu_layers)
        return tab

    def _answers_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.temperature = self._double(0.0, 5.0, 0.05)
        form.addRow(self.tr("Temperature"), self.temperature)
        self.top_p = self._double(0.01, 1.0, 0.01)
        form.addRow(self.tr("Top p"), self.top_p)
        self.top_k = self._spin(0, 1000, self.tr("Off"))
        form.addRow(self.tr("Top k"), self.top_k)
        self.repeat_penalty = self._double(0.5, 3.0, 0.05)
        form.addRow(self.tr("Repeat penalty"), self.repeat_penalty)
        self.max_tokens = self._spin(1, 32768, "")
        form.addRow(self.tr("Longest answer (tokens)"), self.max_tokens)
        self.seed = self._spin(-1, 2**31 - 1, self.tr("Random"))
        form.addRow(self.tr("Seed"), self.seed)
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setTabChangesFocus(True)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        return tab

    def _knowledge_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.embedding_model = QLineEdit()
        self.embedding_model.setPlaceholderText(
            self.tr("Starter model (all-MiniLM-L6-v2, bundled)")
        )
        self.embedding_model.setAccessibleName(self.tr("Embedding model folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose an embedding model folder"))
        browse.clicked.connect(self._choose_embedding)
        row = QHBoxLayout()
        row.addWidget(self.embedding_model, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Embedding model folder"), row)
        note = QLabel(self.tr("Changing it re-reads every document with the new model."))
        note.setWordWrap(True)
        form.addRow("", note)
        self.retrieval_k = self._spin(1, 50, "")
        form.addRow(self.tr("Passages per answer"), self.retrieval_k)
        self.relevance_floor = self._double(0.0, 1.0, 0.01)
        self.relevance_floor.setSpecialValueText(self.tr("Automatic"))  # 0: the tuned default
        form.addRow(self.tr("Relevance floor"), self.relevance_floor)
        self.video_audio = QCheckBox(self.tr("Transcribe videos without captions"))
        self.video_audio.setToolTip(self.tr(
            "Downloads the sound of a YouTube video that has no captions and transcribes it "
            "here. Off: such a video is not added."
        ))
        form.addRow("", self.video_audio)
        return tab

    def _voice_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.input_device = QComboBox()
        form.addRow(self.tr("Microphone"), self.input_device)
        self.spoken_language = QComboBox()
        form.addRow(self.tr("Spoken language"), self.spoken_language)
        note = QLabel(
            self.tr(
                "The interface's language picks the model: English uses the fast English-only "
                "model, Chinese the multilingual one (about four times slower)."
            )
        )
        note.setWordWrap(True)
        form.addRow("", note)
        self.send_at_once = QCheckBox(self.tr("Send a spoken question at once"))
        self.send_at_once.setToolTip(
            self.tr("Otherwise it waits in the question box, so you can edit it first")
        )
        form.addRow("", self.send_at_once)
        low, high = MAX_RECORDING_RANGE_S
        self.max_recording = self._spin(low, high, "")
        self.max_recording.setSuffix(self.tr(" s"))
        form.addRow(self.tr("Longest recording"), self.max_recording)
        self.speech_model = QLineEdit()
        self.speech_model.setPlaceholderText(
            self.tr("Bundled models (tiny.en for English, base for other languages)")
        )
        self.speech_model.setAccessibleName(self.tr("Speech model folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose a Whisper model folder"))
        browse.clicked.connect(self._choose_speech_model)
        row = QHBoxLayout()
        row.addWidget(self.speech_model, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Speech model folder"), row)
        return tab

    def _fill_voice_choices(self, device: str, language: str) -> None:
        """The microphones and languages to pick from, keeping values not offered otherwise."""
        self.input_device.clear()
        self.input_device.addItem(self.tr("System default"), "")
        for device_id, description in self._microphones:
            self.input_device.addItem(description, device_id)
        if device and self.input_device.findData(device) < 0:
            self.input_device.addItem(self.tr("{name} (not connected)").format(name=device), device)
        self.input_device.setCurrentIndex(self.input_device.findData(device))
        self.spoken_language.clear()
        self.spoken_language.addItem(self.tr("Same as the interface"), "")
        self.spoken_language.addItem(self.tr("English"), "en")
        self.spoken_language.addItem(self.tr("Chinese"), "zh")
        if language and self.spoken_language.findData(language) < 0:
            self.spoken_language.addItem(language, language)
        self.spoken_language.setCurrentIndex(self.spoken_language.findData(language))

    def _interface_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("Same as the system"), "")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        form.addRow(self.tr("Language"), self.language)
        note = QLabel(self.tr("A new language applies the next time Lanthorn starts."))
        note.setWordWrap(True)
        form.addRow("", note)
        return tab

    def _name_fields(self) -> None:
        """Each field is named after its label, for screen readers."""
        for form in self.tabs.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                text_widget = label.widget() if label is not None else None
                widget = field.widget() if field is not None else None
                if widget is None or widget.accessibleName():
                    continue
                if isinstance(text_widget, QLabel):
                    widget.setAccessibleName(text_widget.text())

    def _spin(self, low: int, high: int, special: str, step: int = 1) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        if special:
            box.setSpecialValueText(special)
        return box

    def _double(self, low: float, high: float, step: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setDecimals(2)
        return box

    # ------------------------------------------------------------------ values
    def load(self, settings: Settings) -> None:
        """Show `settings` in the fields."""
        m, s, k = settings.model, settings.sampling, settings.knowledge
        self.model_path.setText(m.path)
        self.context_size.setValue(m.context_size)
        self.threads.setValue(m.threads)
        self.gpu_layers.setValue(m.gpu_layers)
        self.temperature.setValue(s.temperature)
        self.top_p.setValue(s.top_p)
        self.top_k.setValue(s.top_k)
        self.repeat_penalty.setValue(s.repeat_penalty)
        self.max_tokens.setValue(s.max_tokens)
        self.seed.setValue(s.seed)
        self.system_prompt.setPlainText(settings.system_prompt)
        self.embedding_model.setText(k.embedding_model)
        self.retrieval_k.setValue(k.top_k)
        self.relevance_floor.setValue(k.relevance_floor)
        self.video_audio.setChecked(k.transcribe_video_audio)
        index = self.language.findData(settings.ui.language)
        self.language.setCurrentIndex(max(0, index))
        v = settings.speech
        self._fill_voice_choices(v.input_device, v.language)
        self.send_at_once.setChecked(v.send_at_once)
        self.max_recording.setValue(v.max_recording_s)
        self.speech_model.setText(v.model)
        self.check_model()

    def values(self) -> Settings:
        """The settings as edited."""
        old = self._settings
        return dataclasses.replace(
            old,
            model=dataclasses.replace(
                old.model,
                path=self.model_path.text().strip(),
                context_size=self.context_size.value(),
                threads=self.threads.value(),
                gpu_layers=self.gpu_layers.value(),
            ),
            sampling=dataclasses.replace(
                old.sampling,
                temperature=round(self.temperature.value(), 2),
                top_p=round(self.top_p.value(), 2),
                top_k=self.top_k.value(),
                repeat_penalty=round(self.repeat_penalty.value(), 2),
                max_tokens=self.max_tokens.value(),
                seed=self.seed.value(),
            ),
            knowledge=dataclasses.replace(
                old.knowledge,
                embedding_model=self.embedding_model.text().strip(),
                top_k=self.retrieval_k.value(),
                relevance_floor=round(self.relevance_floor.value(), 2),
                transcribe_video_audio=self.video_audio.isChecked(),
            ),
            ui=dataclasses.replace(old.ui, language=str(self.language.currentData() or "")),
            speech=dataclasses.replace(
                old.speech,
                model=self.speech_model.text().strip(),
                language=str(self.spoken_language.currentData() or ""),
                send_at_once=self.send_at_once.isChecked(),
                input_device=str(self.input_device.currentData() or ""),
                max_recording_s=self.max_recording.value(),
            ),
            system_prompt=self.system_prompt.toPlainText().strip() or old.system_prompt,
        )

    def _adopt_model_settings(self) -> None:
        """The Models page changed the default model or the server: take them over."""
        stored = self._engine.settings()
        self._settings = dataclasses.replace(
            self._settings,
            model=dataclasses.replace(self._settings.model, path=stored.model.path,
                                      remote=stored.model.remote),
            remote=stored.remote,
        )
        if self.model_path.text().strip() != stored.model.path:
            self.model_path.setText(stored.model.path)
            self.check_model()

    def save(self) -> None:
        """Store the settings through the engine; the dialog closes once they are stored."""
        settings = self.values()
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda _c: self._engine.update_settings(settings),
            lambda _changes: self._on_saved(settings),
            self._on_save_failed,
            lane=IO,
            context=self,
        )

    def _on_saved(self, settings: Settings) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(settings)
        folder = settings.knowledge.embedding_model
        if folder != self._settings.knowledge.embedding_model:
            self.embedding_model_changed.emit(folder)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(shown(exc))
        self.error.show()

    # ------------------------------------------------------------------ model check
    def _choose_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a model"),
            self.model_path.text(),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if path:
            self.model_path.setText(path)
            self.check_model()

    def _choose_embedding(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose an embedding model folder"), self.embedding_model.text()
        )
        if folder:
            self.embedding_model.setText(folder)

    def _choose_speech_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a Whisper model folder"), self.speech_model.text()
        )
        if folder:
            self.speech_model.setText(folder)

    def check_model(self) -> None:
        """Read the chosen model's header off the GUI thread and show what it says."""
        path = self.model_path.text().strip()
        engine = self._engine
        self.model_info.setText(self.tr("Reading the model…"))
        self.model_fit.clear()
        self._info = self.fit = None
        if not path and self._settings.model.path:
            self.model_info.setText(self.tr("The starter model bundled with Lanthorn."))
            return

        def work(_c: object) -> ModelInfo:
            return engine.models.inspect(path) if path else engine.models.current()

        self._check += 1
        check = self._check
        self._runner.run(
            work,
            lambda info: self._on_model_read(info) if check == self._check else None,
            lambda exc: self._on_model_failed(exc) if check == self._check else None,
            lane=IO,
            context=self,
        )

    def _on_model_read(self, info: ModelInfo) -> None:
        self._info = info
        params = f"{info.parameter_count / 1e9:.2f} B" if info.parameter_count else "?"
        self.model_info.setText(
            self.tr(
                "{name} · {arch} · {params} parameters · {quant} · "
                "trained for {ctx} tokens · {size}"
            ).format(
                name=info.name,
                arch=info.architecture,
                params=params,
                quant=info.quantization,
                ctx=info.context_length or "?",
                size=human_bytes(info.file_size),
            )
        )
        self._check_fit()
        self.model_checked.emit(info)

    def _on_model_failed(self, exc: BaseException) -> None:
        self._info = self.fit = None
        self.model_info.setText(describe(exc)[0])
        self.model_fit.clear()
        self.model_checked.emit(exc)

    def _check_fit(self) -> None:
        """Ask the engine whether the model fits at the context typed (reads free memory)."""
        info = self._info
        if info is None:
            return
        engine, context = self._engine, self.context_size.value()
        self._fit_check += 1
        check = self._fit_check

        def failed(exc: BaseException) -> None:
            if check == self._fit_check:
                self.model_fit.setText(describe(exc)[0])

        self._runner.run(
            lambda _c: engine.models.fit(info, context),
            lambda fit: self._show_fit(fit) if check == self._fit_check else None,
            failed,
            lane=IO,
            context=self,
        )

    def _show_fit(self, fit: ModelFit) -> None:
        self.fit = fit
        args = {
            "needed": human_bytes(fit.needed),
            "available": human_bytes(fit.available),
            "context": fit.context_size,
        }
        if fit.verdict is FitVerdict.FITS:
            text = self.tr(
                "Fits in memory: needs about {needed} at {context} tokens of context; "
                "{available} available."
            )
        elif fit.verdict is FitVerdict.TIGHT:
            text = self.tr(
                "Fits, but only just: needs about {needed} at {context} tokens of context; "
                "{available} available. Other programs may slow down while it runs."
            )
        else:
            text = self.tr(
                "Won't fit in the memory available now: needs about {needed} at {context} "
                "tokens of context; {available} available. Lanthorn will not load it."
            )
        self.model_fit.setText(text.format(**args))
        self.model_fit.setProperty("verdict", fit.verdict.name.lower())
        self.model_fit.style().unpolish(self.model_fit)
        self.model_fit.style().polish(self.model_fit)
        self.fit_checked.emit(fit)
