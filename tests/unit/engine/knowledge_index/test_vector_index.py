from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.knowledge.vector_index import VectorIndex, index_file


def _vectors(n: int, dimension: int = 16, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, dimension)).astype(np.float32)
    normalized: np.ndarray = x / np.linalg.norm(x, axis=1, keepdims=True)
    return normalized


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return index_file(tmp_path, "model-a")


def test_search_finds_a_vector_by_its_chunk_id(path: Path) -> None:
    index = VectorIndex(path, 16)
    x = _vectors(50)
    index.add(np.arange(100, 150), x)
    hits = index.search(x[7], 3)
    assert hits[0][0] == 107
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert len(hits) == 3


def test_save_and_reload_keep_ids_and_vectors(path: Path) -> None:
    index = VectorIndex(path, 16)
    x = _vectors(20)
    index.add(np.arange(20), x)
    index.remove(np.array([3, 4]))
    index.save()
    again = VectorIndex(path, 16)
    assert not again.repaired_from_scratch
    assert sorted(again.ids().tolist()) == [i for i in range(20) if i not in (3, 4)]
    assert again.search(x[5], 1)[0][0] == 5


def test_the_file_name_depends_on_the_model(tmp_path: Path) -> None:
    assert index_file(tmp_path, "model-a") != index_file(tmp_path, "model-b")


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],
        lambda b: b[:100] + bytes(200) + b[300:],
        lambda b: b"not a faiss file at all",
        lambda b: b"",
    ],
)
def test_a_damaged_file_is_detected_and_not_read(path: Path, damage: object) -> None:
    index = VectorIndex(path, 16)
    index.add(np.arange(10), _vectors(10))
    index.save()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    again = VectorIndex(path, 16)
    assert again.repaired_from_scratch
    assert len(again) == 0


def test_a_file_of_another_dimension_is_rebuilt(path: Path) -> None:
    index = VectorIndex(path, 16)
    index.add(np.arange(4), _vectors(4))
    index.save()
    assert VectorIndex(path, 32).repaired_from_scratch


def test_reconcile_adds_missing_and_drops_orphans(path: Path) -> None:
    x = _vectors(30)
    index = VectorIndex(path, 16)
    index.add(np.arange(0, 20), x[:20])
    expected = np.arange(10, 30)
    added, dropped = index.reconcile(expected, lambda ids: (ids, x[ids]))
    assert (added, dropped) == (10, 10)
    assert sorted(index.ids().tolist()) == list(range(10, 30))
    assert index.search(x[25], 1)[0][0] == 25


def test_reconcile_leaves_out_ids_whose_vectors_are_gone(path: Path) -> None:
    x = _vectors(10)
    index = VectorIndex(path, 16)

    def load(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        kept = ids[ids % 2 == 0]  # odd chunks were removed after `expected` was read
        return kept, x[kept]

    assert index.reconcile(np.arange(10), load) == (5, 0)
    assert sorted(index.ids().tolist()) == [0, 2, 4, 6, 8]


def test_adding_an_existing_id_replaces_its_vector(path: Path) -> None:
    x = _vectors(3)
    index = VectorIndex(path, 16)
    index.add(np.array([1, 2]), x[:2])
    index.add(np.array([1]), x[2:3])
    assert len(index) == 2
    chunk_id, similarity = index.search(x[2], 1)[0]
    assert chunk_id == 1 and similarity == pytest.approx(1.0, abs=1e-5)


def test_past_the_threshold_the_index_turns_approximate_and_still_deletes(path: Path) -> None:
    x = _vectors(400, seed=1)
    index = VectorIndex(path, 16, approximate_from=300)
    index.add(np.arange(250), x[:250])
    was_approximate = index.approximate
    index.add(np.arange(250, 400), x[250:])
    assert (was_approximate, index.approximate) == (False, True)
    assert index.search(x[321], 1)[0][0] == 321
    index.remove(np.array([321]))
    assert 321 not in [i for i, _ in index.search(x[321], 5)]
    assert 321 not in index.ids().tolist()
    index.save()
    again = VectorIndex(path, 16, approximate_from=300)
    assert again.approximate
    assert again.search(x[10], 1)[0][0] == 10


def test_many_deletions_rebuild_the_graph_without_them(path: Path) -> None:
    x = _vectors(400, seed=2)
    index = VectorIndex(path, 16, approximate_from=300)
    index.add(np.arange(400), x)
    index.remove(np.arange(0, 120))
    assert len(index) == 280
    assert not index.approximate  # rebuilt, and now small enough for exact search
    assert index.search(x[200], 1)[0][0] == 200
