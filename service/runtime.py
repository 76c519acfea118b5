"""Long-lived process resources: classifier, micro-batcher, database, response policy."""

from __future__ import annotations

from dataclasses import dataclass

from engine.policy import PolicyStore
from models.classifier import Classifier
from service.batching import MicroBatcher
from service.config import Settings
from service.metrics import ServiceMetrics
from service.storage.database import Database


@dataclass
class Runtime:
    """Everything a request may need that outlives it. Built once at start-up by the app's lifespan."""

    settings: Settings
    classifier: Classifier
    batcher: MicroBatcher
    database: Database
    policies: PolicyStore

    @classmethod
    def start(
        cls, settings: Settings, classifier: Classifier | None = None, metrics: ServiceMetrics | None = None
    ) -> Runtime:
        """Load the model, migrate the database and start the batching worker (recording into `metrics`)."""
        if classifier is None:
            # Imported here so an injected classifier (tests, embedding) never loads a model runtime.
            from models.registry import load_classifier

            classifier = load_classifier(settings.model, settings.model_dir, threads=settings.onnx_threads)
            # One text through the whole classifier loads its lazy parts (lexicons, tokenizer caches), so the first
            # caller does not pay for them and they exist before the app freezes its start-up objects.
            classifier.analyze(["收到了，物流很快，质量也不错。"])
        policies = PolicyStore(settings.policy_path)  # first: an invalid policy must stop start-up early
        database = Database.connect(settings.database_url)
        database.migrate()
        batcher = MicroBatcher(
            classifier,
            max_batch_size=settings.batch_max_size,
            max_wait_ms=settings.batch_max_wait_ms,
            queue_limit=settings.batch_queue_limit,
            metrics=metrics,
        )
        batcher.start()
        return cls(settings, classifier, batcher, database, policies)

    def stop(self) -> None:
        """Drain the batcher and close database connections."""
        self.batcher.stop()
        self.database.dispose()
