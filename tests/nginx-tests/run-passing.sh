#!/usr/bin/env bash
# Run the official nginx test suite files we pass (passing.txt beside this script) against a
# binary, with ../shared/nginx-tests/run.sh; installs nothing. A file counts as passed only if it
# passes with nothing skipped: a skipped file fails (NGINX_TESTS_SKIP_IS_FAIL=1), and so does a
# skipped subtest, except for the environment gates below that nginx 1.22 takes here too.
#
# Usage: tests/nginx-tests/run-passing.sh [--baseline] [BINARY]
#   BINARY      default: $TEST_NGINX_BINARY, else the Release build src/Cli/bin/Release/net10.0/proxyserver
#   --baseline  run every file nginx 1.22 passes here (both baseline lists of the suite) instead of
#               passing.txt: how the list is re-made (see README.md)
# Environment:
#   NGINX_TESTS_HOME     the suite checkout with run.sh (default: ../shared/nginx-tests beside the repo)
#   NGINX_TESTS_PASSING  the list to run (default: passing.txt beside this script)
#   NGINX_TESTS_PASSED   if set, the names of the files that passed are written there, sorted,
#                        in passing.txt's form
#   NGINX_TESTS_RETRY    1 (default): a failed file runs once more, alone, and counts as passed
#                        (named as flaky) if it passes then; 0: no second run
#   NGINX_TESTS_JOBS (default 2), NGINX_TESTS_TIMEOUT (default 60 s: the slowest listed file
#                        takes ~15 s at load average 35), NGINX_TESTS_LOGDIR: as run.sh
# Output: run.sh's lines per file, then `nginx-tests: N passed, M failed` (files) last.
# Exit status: 0 when every file passed, 1 otherwise, 2 when the suite or binary is missing.

set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
home=${NGINX_TESTS_HOME:-$repo/../shared/nginx-tests}
list=${NGINX_TESTS_PASSING:-$here/passing.txt}
baseline=0
if [ "${1:-}" = --baseline ]; then baseline=1; shift; fi
binary=${1:-${TEST_NGINX_BINARY:-$repo/src/Cli/bin/Release/net10.0/proxyserver}}

# Subtests that skip for the machine, not the binary (nginx 1.22 skips them here as well):
# TEST_NGINX_UNSAFE is unset (proxy_next_upstream_tries.t, upstream.t, fastcgi_cache.t's "broken with header
# crossing buffer boundary"), 64-bit time_t (not_modified.t).
allowed_skips='^(long tests?|only for 32-bit time_t|broken with header crossing buffer boundary)$'

die() { echo "run-passing.sh: $*" >&2; echo "nginx-tests: 0 passed, ${count:-0} failed"; exit 2; }

# the files, as "suite-2023/NAME" for the pre-1.25 h2/grpc suite and "NAME" for the main one;
# each once (two runs of one file at once would share its log)
names=()
declare -A seen=()
read_list() { # FILE [PREFIX]
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		line=${2:-}$(tr -d '[:space:]' <<<"$line")
		[ "$line" != "${2:-}" ] && [ -z "${seen[$line]:-}" ] && { seen[$line]=1; names+=("$line"); }
	done < "$1"
}
if [ $baseline = 1 ]; then
	[ -f "$home/baseline-suite.txt" ] || die "no $home/baseline-suite.txt"
	read_list "$home/baseline-suite.txt"
	read_list "$home/baseline-suite-2023.txt" suite-2023/
else
	[ -f "$list" ] || die "no list $list"
	read_list "$list"
fi
count=${#names[@]}
[ "$count" -gt 0 ] || die "no files listed in $list"
[ -x "$home/run.sh" ] || die "no nginx test suite at $home (NGINX_TESTS_HOME): see tests/nginx-tests/README.md"
[ -x "$binary" ] || die "binary $binary is not executable (build Release first, or pass the binary)"

if [ -n "${NGINX_TESTS_LOGDIR:-}" ]; then
	logs=$NGINX_TESTS_LOGDIR
else
	logs=$(mktemp -d "${TMPDIR:-/tmp}/nginx-tests-passing.XXXXXX") || die "mktemp"
	trap 'rm -rf "$logs"' EXIT
fi

passed=() failed=()
# run.sh over one suite dir; then each file's verdict, with a disallowed subtest skip as a failure
run_suite() { # DIR PREFIX LOGDIR JOBS FILE...
	local dir=$1 prefix=$2 out=$3 jobs=$4; shift 4
	mkdir -p "$out"
	NGINX_TESTS_DIR=$dir NGINX_TESTS_LOGDIR=$out NGINX_TESTS_SKIP_IS_FAIL=1 \
		NGINX_TESTS_JOBS=$jobs NGINX_TESTS_TIMEOUT=${NGINX_TESTS_TIMEOUT:-60} \
		TEST_NGINX_BINARY=$binary "$home/run.sh" "$@" 2>&1 | tee "$out/run.out"
	local f reason bad
	for f in "$@"; do
		if grep -qxE "PASS $(sed 's/[.]/[.]/g' <<<"$f")( .*)?" "$out/run.out"; then
			bad=""
			while IFS= read -r reason; do
				[[ $reason =~ $allowed_skips ]] || bad=$reason
			done < <(grep -Ei '^ok [0-9]+[^#]*# skip' "$out/$f.log" | sed -E 's/.*# [sS][kK][iI][pP] *//')
			if [ -n "$bad" ]; then
				echo "FAIL $prefix$f (subtest skipped: $bad)"
				failed+=("$prefix$f")
			else
				passed+=("$prefix$f")
			fi
		else
			failed+=("$prefix$f")
		fi
	done
}

# the named files, each suite's at once
run_names() { # LOGDIR JOBS NAME...
	local out=$1 jobs=$2; shift 2
	local n main=() s2023=()
	for n in "$@"; do
		case "$n" in
			suite-2023/*) s2023+=("${n#suite-2023/}") ;;
			*) main+=("$n") ;;
		esac
	done
	[ ${#main[@]} -gt 0 ] && run_suite "$home/suite" "" "$out/suite" "$jobs" "${main[@]}"
	[ ${#s2023[@]} -gt 0 ] && run_suite "$home/suite-2023" suite-2023/ "$out/suite-2023" "$jobs" "${s2023[@]}"
	return 0
}

run_names "$logs" "${NGINX_TESTS_JOBS:-2}" "${names[@]}"

# A file that failed runs once more, alone: on a loaded machine a test can lose a race it sets
# itself (Test::Nginx waits 5 s for the pid file; some configs set 500 ms timeouts). A
# regression fails again; a file that passes the second time is named as flaky, not hidden.
# NGINX_TESTS_RETRY=0 turns this off; --baseline never retries.
flaky=()
if [ ${#failed[@]} -gt 0 ] && [ $baseline = 0 ] && [ "${NGINX_TESTS_RETRY:-1}" = 1 ]; then
	again=("${failed[@]}")
	failed=()
	before=${#passed[@]}
	echo "retrying alone: ${again[*]}"
	run_names "$logs/retry" 1 "${again[@]}"
	flaky=("${passed[@]:$before}")
fi

[ -n "${NGINX_TESTS_PASSED:-}" ] && { [ ${#passed[@]} -gt 0 ] && printf '%s\n' "${passed[@]}"; } | sort > "$NGINX_TESTS_PASSED"
[ ${#flaky[@]} -gt 0 ] && echo "flaky (failed, then passed alone): ${flaky[*]}"
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "nginx-tests: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
