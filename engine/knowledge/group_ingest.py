"""Adding a target that may stand for several sources: a playlist becomes a group of videos.

The reader lists the members (a playlist's videos, over the network); the group is stored (or
found again by its key), and every member that is not a source yet is stored at once as
`queued` for this process, so the whole list shows with its state from the start and another
process does not pick it up meanwhile. Then (`GroupRun.run`, an add) each member is indexed in
the playlist's order by the pipeline, exactly as if it had been added alone; a member already
indexed is reported as already present, so adding the same playlist again indexes only what is
new (and retries what failed). Queued only (`GroupRun.queue`, the window's add), the members
wait in the knowledge base's queue, whose drain indexes them in order like any queued file.

One member's failure is its own (a private video, no captions). In a run, an error the reader
says halts the collection (the connection is gone, YouTube refuses this network) ends the run:
the rest are reported "not tried" with that reason instead of each waiting out its own time
limit. A cancel marks the remaining queued members cancelled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from engine.cancel import CancelToken
from engine.errors import EngineError
from engine.knowledge.group_store import GroupStore, NewGroup
from engine.knowledge.ingest import Pipeline, worker_identity
from engine.knowledge.readers import Collection, Identity, Member, Reader
from engine.knowledge.store import KnowledgeStore
from engine.types import (
    AddResult,
    ChangeListener,
    Changes,
    Progress,
    ProgressCallback,
    SourceStatus,
)

STAGE = "adding the videos"


@dataclass(frozen=True)
class Adder:
    """Adds targets through the pipeline, collections as groups. Not thread-safe."""

    pipeline: Pipeline
    store: KnowledgeStore
    groups: GroupStore
    on_change: ChangeListener = field(default=lambda _changes: None)

    def plan(self, target: str) -> GroupRun | AddResult | None:
        """How to add one target: its collection's run, None (one source), or why it cannot.

        Blocks (listing a playlist takes a request or two). Failures are results, never raised.
        """
        try:
            reader = self.pipeline.reader_for(target)
            collection = reader.collection(target)
        except EngineError as exc:
            return AddResult(path=target, error=str(exc))
        return None if collection is None else GroupRun(self, reader, collection)


@dataclass(frozen=True)
class GroupRun:
    """Indexes the members of one collection into its group."""

    adder: Adder
    reader: Reader
    collection: Collection

    def queue(self) -> list[AddResult]:
        """Store the group and each member as queued, for the queue's drain to index in order.

        One result each, in the collection's order; members already indexed are reported as
        present, and members that failed or were cancelled before are queued again.
        """
        self._queue(self._group())
        return [self.adder.pipeline.queue(member.target) for member in self.collection.members]

    def run(
        self, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> list[AddResult]:
        """Index every member now; one result each, in the collection's order."""
        group_id = self._group()
        queued = self._queue(group_id)
        results: list[AddResult] = []
        halted: EngineError | None = None
        for number, member in enumerate(self.collection.members, start=1):
            if halted is None and not (cancel is not None and cancel.cancelled):
                self._announce(number, progress)
                outcome = self.adder.pipeline.attempt(
                    member.target, progress=progress, cancel=cancel, group_id=group_id
                )
                results.append(outcome.result)
                if outcome.error is not None and self.reader.halts(outcome.error):
                    halted = outcome.error
                continue
            results.append(self._not_tried(member, queued.get(member.target), halted))
        return results

    def _group(self) -> int:
        """The collection's group, stored now or found again by its key."""
        return self.adder.groups.ensure_group(NewGroup(
            key=self.collection.key, kind=self.collection.kind, title=self.collection.title,
            url=self.collection.url, author=self.collection.author,
        ))

    def _queue(self, group_id: int) -> dict[str, int]:
        """Store each new member as queued; return every known member's source id."""
        store = self.adder.store
        known: dict[str, int] = {}
        worker = worker_identity()
        for member, identity in self._identities():
            existing = store.find_by_hash(identity.key)
            if existing is not None:
                known[member.target] = existing.id
                continue
            known[member.target] = store.create_source(
                identity.key, identity.path, member.title or identity.title,
                self.reader.kind.kind, url=identity.url, group_id=group_id, queued_for=worker,
            )
        self.adder.on_change(Changes(sources=True))
        return known

    def _identities(self) -> Iterator[tuple[Member, Identity]]:
        for member in self.collection.members:
            try:
                yield member, self.reader.identify(member.target)
            except EngineError:
                continue  # it fails with its reason when its turn comes

    def _announce(self, number: int, progress: ProgressCallback | None) -> None:
        if progress is not None:
            progress(Progress(done=number - 1, total=len(self.collection.members), stage=STAGE,
                              item=self.collection.title))

    def _not_tried(
        self, member: Member, source_id: int | None, halted: EngineError | None
    ) -> AddResult:
        """A member left after a cancel or a halting error; its queued source says so."""
        store = self.adder.store
        source = store.get_source(source_id) if source_id is not None else None
        if source is not None and source.status is SourceStatus.READY:
            return AddResult(path=member.target, source_id=source.id, already_present=True,
                             title=source.title, group_id=source.group_id)
        if halted is None:
            reason, status = "Cancelled before it started.", SourceStatus.CANCELLED
        else:
            reason, status = f"Not tried: {halted}", SourceStatus.FAILED
        if source is not None:
            store.finish(source.id, status, error=reason)
            self.adder.on_change(Changes(sources=True))
        return AddResult(path=member.target, source_id=source_id, error=reason,
                         cancelled=halted is None, title=member.title,
                         group_id=source.group_id if source is not None else None)
