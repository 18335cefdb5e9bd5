"""`registry demo`: write a deterministic synthetic history at any scale."""

from __future__ import annotations

import argparse

from eventsourcing.persistence import IntegrityError

from registry.cli import EXIT_FAILURE, EXIT_OK
from registry.database import open_database
from registry.demo.districts import ensure_demo_districts
from registry.demo.generator import CHILDREN_PER_BATCH, generate
from registry.districts import DistrictDirectory
from registry.importing.batch import BatchedRegistry
from registry.importing.progress import progress_bar
from registry.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="generate a synthetic history (providers and children's journeys)",
        description=(
            "Generate a deterministic synthetic history: care providers, then children "
            "with full journeys over three years up to today, every decision checked by "
            "the registry's rules and written in large atomic batches."
        ),
    )
    parser.add_argument("--children", type=_positive, default=1000, help="children to generate")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    parser.add_argument(
        "--batch",
        type=_positive,
        default=CHILDREN_PER_BATCH,
        help="children written per transaction",
    )
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    settings = Settings()
    app = BatchedRegistry(
        settings.persistence_env,
        today=settings.today,
        personal_id_key=settings.personal_id_key,
        districts=DistrictDirectory(open_database(settings.database_url)),
    )
    try:
        ensure_demo_districts(app.districts)
        with progress_bar("children") as bar:
            task = bar.add_task("demo", total=arguments.children)
            summary = generate(
                app,
                children=arguments.children,
                seed=arguments.seed,
                children_per_batch=arguments.batch,
                progress=lambda children: bar.update(task, completed=children),
            )
    except IntegrityError:
        print(
            "a batch conflicted with records already stored (was this --seed run on this "
            "store before?); that batch was not written, earlier batches were"
        )
        return EXIT_FAILURE
    finally:
        app.close()
    print(
        f"{summary.children} children, {summary.providers} providers, "
        f"{summary.events} events in {summary.seconds:.1f} s "
        f"({summary.events_per_second:,.0f} events/s)"
    )
    for code, count in sorted(summary.refused.items()):
        print(f"journeys stopped by a refusal ({code}): {count}")
    return EXIT_OK


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
