"""How fast the order-report import is, against a bare csv.reader pass.

    .venv/bin/python bench/reports.py                 # 100,000 and 1,000,000 lines
    .venv/bin/python bench/reports.py --lines 20000   # a quick run

For each size it writes an All Orders report (UTF-8 with BOM, tab-separated, CRLF,
Chinese and accented product names, several lines per order) into a temporary
directory, then measures, each in a fresh process:
  - bare: csv.reader over the file opened as UTF-8 (no types, no checks, no orders)
  - import: metrics.reports (encoding detection, strict incremental decoding, typed
    rows, bad-line checks, orders folded) plus metrics.rates (ODR, cancellation rate,
    late shipment rates, what-if, timelines, daily series)
and prints seconds, lines per second, the ratio and each process's peak resident
memory (resource.getrusage). Figures vary between machines; compare the ratio.
"""

import argparse
import csv
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics import rates, reports  # noqa: E402

HEADER = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "product-name",
    "sku",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "ship-city",
    "ship-country",
    "promotion-ids",
]
NAMES = [
    "无线蓝牙耳机 降噪版",
    "Écouteurs sans fil – café",
    "Kopfhörer Größe L",
    "充电盒",
]


def generate(path: Path, lines: int) -> None:
    start = datetime(2026, 9, 1)
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write("\t".join(HEADER) + "\r\n")
        order = 0
        written = 0
        while written < lines:
            order += 1
            day = start + timedelta(seconds=order * 7)
            stamp = day.strftime("%Y-%m-%dT%H:%M:%S+00:00")
            status = "Cancelled" if order % 97 == 0 else "Shipped"
            channel = "Amazon" if order % 5 == 0 else "Merchant"
            for item in range(2 if order % 3 == 0 else 1):
                if written >= lines:
                    break
                row = [
                    f"{100 + order % 900:03d}-{order % 10**7:07d}-{(order * 7) % 10**7:07d}",
                    "",
                    stamp,
                    stamp,
                    status,
                    channel,
                    "Amazon.com",
                    NAMES[(order + item) % len(NAMES)],
                    f"SKU-{item}",
                    status,
                    "1",
                    "USD",
                    "19.99",
                    "Springfield",
                    "US",
                    "PROMO-1" if order % 50 == 0 else "",
                ]
                out.write("\t".join(row) + "\r\n")
                written += 1


def bare(path: str) -> int:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh, delimiter="\t"))


def full_import(path: str) -> int:
    with open(path, "rb") as fh:
        report = reports.OrderReport(fh)
        summaries = reports.summarise_orders(report)
    orders = [
        rates.Order(
            order_id=o.order_id,
            purchase_date=o.purchase_date,
            status=o.status,
            seller_fulfilled=o.fulfillment_channel == "Merchant",
            buyer_requested_cancel=o.is_buyer_requested_cancellation,
            promise_date=o.promise_date,
            ship_date=o.ship_date,
        )
        for o in summaries.values()
    ]
    as_of = rates.latest_day(orders, [])
    for rate in (
        rates.odr(orders, [], as_of=as_of),
        rates.cancellation_rate(orders, as_of=as_of),
        rates.late_shipment_rate(orders, as_of=as_of, days=10),
        rates.late_shipment_rate(orders, as_of=as_of, days=30),
    ):
        rates.orders_needed(rate)
        rates.timeline(rate)
        rates.daily_series(rate)
    return report.rows_ok


def _measure(target, path, queue):
    began = time.perf_counter()
    count = target(path)
    seconds = time.perf_counter() - began
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((seconds, count, peak_kb))


def measure(target, path: Path) -> tuple[float, int, int]:
    """Run ``target`` in a fresh process so its peak memory is its own."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_measure, args=(target, str(path), queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(
        f"{'lines':>10} {'MB':>7} {'bare s':>8} {'import s':>9} {'ratio':>6} "
        f"{'lines/s':>10} {'bare peak MB':>13} {'import peak MB':>15}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for lines in args.lines:
            path = Path(tmp) / f"all_orders_{lines}.txt"
            generate(path, lines)
            size = path.stat().st_size / 1024 / 1024
            bare_s, bare_count, bare_peak = measure(bare, path)
            import_s, rows, import_peak = measure(full_import, path)
            assert rows == lines == bare_count - 1, (rows, lines, bare_count)
            print(
                f"{lines:>10,} {size:>7.1f} {bare_s:>8.2f} {import_s:>9.2f} "
                f"{import_s / bare_s:>6.1f} {lines / import_s:>10,.0f} "
                f"{bare_peak / 1024:>13.0f} {import_peak / 1024:>15.0f}"
            )


if __name__ == "__main__":
    main()
