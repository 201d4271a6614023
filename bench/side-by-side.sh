#!/usr/bin/env bash
# Issue 3's side-by-side benchmark: Apache RocketMQ 5.3.3 and Sluice, each in its own child JVM
# (-Xms/-Xmx 512m, ASYNC_FLUSH, 127.0.0.1, free ports), loaded in turn by the official RocketMQ
# 5.3.3 client: sync 1 KiB x 16 threads, async with a bounded window, batches of 32, and a
# catch-up read of 1M messages. Prints both brokers' figures and the ratios as Markdown.
#
#   bench/side-by-side.sh                          # everything, ~15 minutes
#   bench/side-by-side.sh --scenarios=sync --duration=10 --warmup=5
#   bench/side-by-side.sh --help                   # every option with its default
#
# Run it on a quiet machine (check `uptime`): client and brokers share the cores.
# BENCH_JAVA_OPTS adds options to the load generator JVM (e.g. a JFR recording); SKIP_BUILD=1 skips
# the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -B -ntp -pl mq-core,interop-rocketmq5 -am -DskipTests package
fi
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')"
exec java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "interop-rocketmq5/target/test-classes:$(cat interop-rocketmq5/target/bench.classpath)" \
  io.sluice.interop.rocketmq5.bench.SideBySideBench --repo="$root" --commit="$commit" "$@"
