#!/usr/bin/env bash
# Regenerates samples/access.log: 3,000 deterministic Apache combined-format lines over 3 days
# (2026-11-01 .. 2026-11-03, +0100), 120 distinct paths, about 2% odd or malformed lines.
# Same seed, same bytes: rerunning this must leave the file unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p samples
dotnet run -c Release --project bench/LogGen -- --lines 3000 --days 3 --paths 120 --seed 2009 --output samples/access.log
