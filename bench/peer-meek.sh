#!/usr/bin/env bash
# Counts the Irish PrefLib elections by Meek's method with plenum and with
# the PR Foundation reference implementation meeks-prf-js (npm), checks
# that both elect the same candidates, and compares their speed, whole
# process against whole process (each run RUNS times, best time kept).
# Needs Go, Node.js and npm. Usage: bench/peer-meek.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d /tmp/plenum-peer-meek.XXXXXX)
trap 'rm -rf "$work"' EXIT

go build -o "$work/plenum" ./cmd/plenum
(cd "$work" && npm install --silent --no-audit --no-fund meeks-prf-js@1.0.0 >/dev/null)
meeks="$work/node_modules/meeks-prf-js/index.js"

# best RUNS CMD...: the fastest wall time of RUNS runs, in seconds.
best() {
	local n=$1 t min=
	shift
	for _ in $(seq "$n"); do
		local s=$(date +%s%N)
		"$@" >/dev/null
		t=$(( $(date +%s%N) - s ))
		if [ -z "$min" ] || [ "$t" -lt "$min" ]; then min=$t; fi
	done
	awk -v ns="$min" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

status=0
printf '%-24s %6s %12s %12s %8s %s\n' election seats plenum_s meeks_s speedup winners
for spec in "00001-00000001.soi:4:Dublin North 2002" "00001-00000003.soi:5:Meath 2002"; do
	IFS=: read -r file seats name <<<"$spec"
	soi="count/testdata/preflib/$file"
	node bench/preflib-to-meeks.mjs "$soi" "$seats" >"$work/in.json"
	node "$meeks" "$work/in.json" "$work/out.json"
	"$work/plenum" tally --method stv-meek --seats "$seats" --json "$soi" >"$work/plenum.json"
	# Both winner lists as PrefLib numbers, sorted.
	theirs=$(node -e 'const r=require(process.argv[1]); console.log(r.elected.map(c=>c.slice(1)).sort((a,b)=>a-b).join(","))' "$work/out.json")
	ours=$(node -e 'const r=require(process.argv[1]); console.log(r.elected.map(n=>r.candidates.indexOf(n)+1).sort((a,b)=>a-b).join(","))' "$work/plenum.json")
	tp=$(best "$runs" "$work/plenum" tally --method stv-meek --seats "$seats" --json "$soi")
	tm=$(best "$runs" node "$meeks" "$work/in.json" "$work/out.json")
	speedup=$(awk -v a="$tm" -v b="$tp" 'BEGIN { printf "%.1f", a / b }')
	same=same
	if [ "$theirs" != "$ours" ]; then same="DIFFER: plenum $ours, meeks-prf-js $theirs"; status=1; fi
	printf '%-24s %6s %12s %12s %7sx %s\n' "$name" "$seats" "$tp" "$tm" "$speedup" "$same"
	if awk -v s="$speedup" 'BEGIN { exit !(s < 10) }'; then
		echo "plenum is less than 10 times faster on $name" >&2
		status=1
	fi
done
exit $status
