#!/bin/sh
# End-of-utterance search benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md, "Endpointing".
# Synthesizes a corpus (Harvard-style sentences said by flite voices slt, rms, awb and kal; 0.3 s of silence around
# each), then decodes it with the Debian en-us model three times (full, bestpath, tree: the passes after the tree
# search) and prints the CPU time of ps_end_utt (what lies between the endpoint and the final), the decode's real-time
# factor in CPU time and the WER. Needs flite, sox, libpocketsphinx3 and JNA in ~/.m2 (any Hark build puts it there).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. "$ROOT/scripts/find-jdk.sh"
JNA=$(ls "$HOME"/.m2/repository/net/java/dev/jna/jna/*/jna-*.jar | grep -v sources | sort -V | tail -1)
[ -f "$JNA" ] || { echo "bench: no JNA jar in ~/.m2 (build Hark once)" >&2; exit 1; }
MODEL=${HARK_POCKETSPHINX_MODEL:-/usr/share/pocketsphinx/model/en-us}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hark-endsearch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
i=0
while IFS= read -r SENTENCE; do
    for VOICE in slt rms awb kal; do
        i=$((i + 1))
        flite -voice "$VOICE" -t "$SENTENCE" -o "$WORK/$i.wav"
        sox "$WORK/$i.wav" -r 16000 -c 1 -b 16 -e signed-integer -t raw "$WORK/$i.raw" pad 0.3 0.3
        printf '%s\t%s\n' "$SENTENCE" "$WORK/$i.raw" >> "$WORK/corpus.tsv"
    done
done <<'SENTENCES'
the birch canoe slid on the smooth planks
glue the sheet to the dark blue background
it is easy to tell the depth of a well
these days a chicken leg is a rare dish
rice is often served in round bowls
the juice of lemons makes fine punch
the box was thrown beside the parked truck
the hogs were fed chopped corn and garbage
four hours of steady work faced us
a large size in stockings is hard to sell
SENTENCES
echo "End-of-utterance search, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -cp "$JNA" bench/end-search/EndSearchCost.java "$MODEL" "$WORK/corpus.tsv"
echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
