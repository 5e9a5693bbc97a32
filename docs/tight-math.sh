#!/usr/bin/env bash
# tight-math.sh HTML -- parentheses in MathML sit tight against what they hold.
#
# texmath 0.12 (pandoc 2.17) writes every ( ) [ ] | of a formula as a
# stretchy fence, <mo stretchy="true" form="prefix">(</mo>, and browsers may
# surround it with operator space: J(w) reads "J ( w )". Here every such
# fence gets lspace and rspace 0; it still stretches to what it holds (as
# \left( ... \right) asks), which for J(w) is nothing. In place.
set -euo pipefail
file=$1
sed -E -i 's#<mo stretchy="true" form="(prefix|postfix)">([][()|])</mo>#<mo stretchy="true" form="\1" lspace="0em" rspace="0em">\2</mo>#g' "$file"
