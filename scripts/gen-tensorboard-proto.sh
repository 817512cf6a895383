#!/bin/sh
# Regenerates bundles/dev.hark.tensorboard's protobuf classes from proto/tfevents.proto with protoc from Maven
# Central (the same version as protobuf-java in targetplatform/hark.target). The generated file is checked in,
# so builds need no protoc.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=4.36.2
BUNDLE="$ROOT/bundles/dev.hark.tensorboard"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
curl -sSf -o "$TMP/protoc" "https://repo1.maven.org/maven2/com/google/protobuf/protoc/$VERSION/protoc-$VERSION-linux-x86_64.exe"
chmod +x "$TMP/protoc"
rm -rf "$BUNDLE/src-gen"; mkdir -p "$BUNDLE/src-gen"
"$TMP/protoc" --proto_path="$BUNDLE/proto" --java_out="$BUNDLE/src-gen" "$BUNDLE/proto/tfevents.proto"
echo "generated $(find "$BUNDLE/src-gen" -name '*.java' | wc -l) file(s) under $BUNDLE/src-gen"
