"""The model slot lends cores to indexing: fewer threads while any job shares, all after."""

from __future__ import annotations

import pytest

from engine.chat import model_slot
from engine.config import ModelSettings
from engine.llm.base import ChatModel
from tests.unit.engine.llm.fakes import WordModel


class SharingModel(WordModel):
    def __init__(self) -> None:
        super().__init__(context_size=512)
        self.calls: list[bool] = []

    def share_cores(self, shared: bool) -> None:
        self.calls.append(shared)


@pytest.fixture
def slot(monkeypatch: pytest.MonkeyPatch) -> model_slot.ModelSlot:
    def load(settings: ModelSettings) -> ChatModel:
        return SharingModel()

    monkeypatch.setattr(model_slot, "load_chat_model", load)
    return model_slot.ModelSlot()


def test_nested_jobs_share_once_and_restore_when_the_last_ends(slot: model_slot.ModelSlot) -> None:
    model = slot.get(ModelSettings())
    assert isinstance(model, SharingModel)
    with slot.sharing_cores():
        with slot.sharing_cores():
            assert model.calls == [True]
        assert model.calls == [True]
    assert model.calls == [True, False]


def test_a_model_loaded_while_indexing_starts_sharing(slot: model_slot.ModelSlot) -> None:
    with slot.sharing_cores():
        model = slot.get(ModelSettings())
        assert isinstance(model, SharingModel) and model.calls == [True]
    assert model.calls == [True, False]


def test_a_failed_job_still_gives_the_cores_back(slot: model_slot.ModelSlot) -> None:
    model = slot.get(ModelSettings())
    assert isinstance(model, SharingModel)
    with pytest.raises(RuntimeError), slot.sharing_cores():
        raise RuntimeError("indexing failed")
    assert model.calls == [True, False]


def test_sharing_without_a_model_loads_nothing(slot: model_slot.ModelSlot) -> None:
    with slot.sharing_cores():
        assert slot.loaded is None
