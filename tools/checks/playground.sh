#!/usr/bin/env bash
# the browser playground in headless chromium: its end points equal descent trajectory's bit for bit; the student page and the site's copy hold no reference kernel
#
# check-inputs: all git-head
# check-tools: docs
# (The result cache, tools/check.sh, keys this check on these files and tools.
# Every file, and the commit checked out: the student page is compared with
# the skeletons as git has them (git archive HEAD lessons).)
#
# Builds the playground page with the reference solutions and loads it in
# headless chromium with the page's test hook (#selftest:PRESET|PRESET|...,
# docs/playground/README.md): every preset below is applied to the page's
# own controls and run by the code the controls run. The end point of each
# path, printed as C's %a, must equal what `descent trajectory --exact`
# prints for the same settings. Then a slider is moved as a drag moves it
# (slide:a.mu=700): the page must run again, and end where descent trajectory
# ends with the value the slider's box then shows, not where it ended before.
#
# Bit for bit where every operation is IEEE arithmetic or sqrt (all of the
# kernels' steps, the surfaces, sgd to adagrad and rmsprop); where a kernel
# or schedule calls pow or cos (Adam and its variants: pow(beta, t); nadam's
# mu product; the step, exponential, cosine and inverse-sqrt schedules), the
# page takes them from JavaScript's Math, which may round a last bit unlike
# glibc: there the end points may differ by at most TOLERANCE relative to
# the larger coordinate (a last-bit difference in beta^t moves a float
# result by far less). Every such difference is printed, so a reviewer sees
# how close it is; none has been seen so far.
#
# Then the student's page (IMPL=lessons, the untouched skeletons): every
# optimizer and every schedule shows the lesson's "not implemented yet"
# message, and its module is byte for byte the module built from the
# skeletons as git has them, as is the copy the handout site embeds (what
# `make dist` ships): no reference kernel reaches a student's page.
set -u
cd "$(dirname "$0")/../.."
# Its own build folder: make check's handouts check builds the site's
# playground pages in build/check/gcc at the same time.
build=${PLAYGROUND_BUILD:-build/check/playground}
out=$build/playground-check
rm -rf "$out" && mkdir -p "$out"
status=0
fail() { echo "FAIL: $*"; status=1; }
TOLERANCE=1e-5

tools/ensure-deps.sh wasm browser || exit 1
make -s --no-print-directory descent IMPL=solutions BUILD=build/check/gcc > /dev/null || exit 1
make -s --no-print-directory playground IMPL=solutions BUILD="$build" > /dev/null || exit 1
make -s --no-print-directory playground IMPL=lessons BUILD="$build" > /dev/null || exit 1
descent=build/check/gcc/impl/solutions/descent

# The presets: one run of A and B each (b=none: A alone).
cases=(
    "surface=valley&start=-10,1&steps=100&a=sgd&a.lr=0.45&b=momentum&b.lr=0.05&b.mu=0.9"
    "surface=valley&steps=200&a=nesterov&a.lr=0.05&a.mu=0.99&b=sgd&b.lr=1"
    "surface=rosenbrock&start=-1.5,2&steps=2000&a=nesterov&a.lr=0.0002&a.mu=0.99&b=momentum&b.lr=0.0002&b.mu=0.99"
    "surface=valley&steps=40&a=adagrad&a.lr=3&b=rmsprop&b.lr=0.1&b.alpha=0.9"
    "surface=rosenbrock&steps=2000&a=adam&a.lr=0.1&b=adadelta&b.rho=0.95&b.eps=0.000001"
    "surface=beale&start=1,1.5&steps=500&a=amsgrad&a.lr=0.01&b=nadam&b.lr=0.01&b.beta2=0.99"
    "surface=saddle&steps=300&a=adamax&a.lr=0.01&b=adamw&b.lr=0.01&b.weight_decay=0.1"
    "surface=beale&start=-2.25,3.75&steps=300&a=adam-l2&a.lr=0.02&a.weight_decay=0.05&b=none"
    "surface=valley&steps=1000&a=adagrad&a.lr=2&a.schedule=cosine&b=adagrad&b.lr=2&b.schedule=step&b.gamma=0.5&b.step_size=250"
    "surface=valley&steps=200&a=sgd&a.lr=0.1&a.schedule=warmup-cosine&a.warmup_steps=20&a.min_lr=0.01&b=momentum&b.lr=1&b.schedule=inverse-sqrt&b.warmup_steps=50&b.d_model=64"
    "surface=rosenbrock&start=0.5,-0.5&steps=500&a=rmsprop&a.lr=0.01&a.schedule=exponential&a.gamma=0.995&b=momentum&b.lr=0.001&b.schedule=inverse-time&b.gamma=0.02"
    "surface=saddle&start=-1.5,0.001&steps=100&a=momentum&a.lr=0.02&a.schedule=warmup&b=none"
)
# And every preset a lesson text embeds after a figure (<!-- playground:
# SETTINGS --> in docs/lessons/*.md, the figure's own settings): what a
# handout's page draws there is what descent trajectory draws.
lesson_presets=0
while IFS= read -r preset; do
    cases+=("$preset")
    lesson_presets=$((lesson_presets + 1))
done < <(sed -n 's/^<!-- playground: \(.*\) -->$/\1/p' docs/lessons/*.md)

# The page, loaded once with every case; prints the <pre id="selftest"> lines.
run_page() {
    local page=$1 hash
    hash=$(IFS='|'; echo "${cases[*]}")
    hash=${hash//&/%26}
    timeout 60 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=20000 \
        --dump-dom "file://$(realpath "$page")#selftest:$hash" 2> "$out/chromium.log" |
        sed -n -e 's/^<pre id="selftest">//' -e 's/<\/pre>$//' -e '/^case [0-9]/p' -e '/^selftest done/p'
}

# descent trajectory's options for one side (a or b) of a preset.
cli_options() {
    local side=$1 preset=$2 pair key value
    local -a options=()
    IFS='&' read -r -a pairs <<< "$preset"
    for pair in "${pairs[@]}"; do
        key=${pair%%=*} value=${pair#*=}
        case "$key" in
        surface) options+=(--function "$value") ;;
        start) options+=(--start "$value") ;;
        steps) options+=(--steps "$value") ;;
        "$side") options+=(--optimizer "$value") ;;
        "$side".*)
            key=${key#"$side".}
            case "$key" in
            mu) key=momentum ;;
            warmup_steps) key=warmup ;;
            esac
            options+=("--${key//_/-}" "$value") ;;
        esac
    done
    printf '%s\n' "${options[@]}"
}

# Whether an optimizer or schedule takes pow or cos from the page's JavaScript.
uses_imports() {
    case "$1" in
    adam | adam-l2 | adamw | amsgrad | nadam | adamax | step | exponential | cosine | \
    warmup-cosine | inverse-sqrt) return 0 ;;
    esac
    return 1
}

echo "== the reference solutions' page against descent trajectory (${#cases[@]} cases, $lesson_presets from the lesson texts)"
run_page "$build/playground/playground-solutions.html" > "$out/solutions.txt"
if ! grep -q "^selftest done: ${#cases[@]} cases" "$out/solutions.txt"; then
    fail "the page did not finish its self-test; chromium said:"
    tail -n 5 "$out/chromium.log"
fi
exact=0 close=0
for k in "${!cases[@]}"; do
    preset=${cases[$k]}
    for side in a b; do
        mapfile -t options < <(cli_options "$side" "$preset")
        name=$(printf '%s\n' "${options[@]}" | grep -A1 -x -- --optimizer | tail -n 1)
        [ -z "$name" ] || [ "$name" = none ] && continue
        page=$(grep "^case $((k + 1)) $side " "$out/solutions.txt")
        cli=$("$descent" trajectory --exact --svg "$out/cli.svg" "${options[@]}" 2> "$out/cli.err" |
              sed -n "s/^  $name *exact end after \([0-9]*\) steps: x = \(.*\), y = \(.*\)$/steps=\1 x=\2 y=\3/p")
        if [ -z "$cli" ]; then
            fail "case $((k + 1)) $side: descent trajectory ${options[*]} failed: $(cat "$out/cli.err")"
            continue
        fi
        wanted="case $((k + 1)) $side $name $cli"
        if [ "$page" = "$wanted" ]; then
            exact=$((exact + 1))
            continue
        fi
        schedule=$(printf '%s\n' "${options[@]}" | grep -A1 -x -- --schedule | tail -n 1)
        if { uses_imports "$name" || uses_imports "$schedule"; } &&
           [ "${page%% x=*}" = "${wanted%% x=*}" ]; then
            read -r px py <<< "$(echo "$page" | sed 's/.* x=\([^ ]*\) y=\(.*\)/\1 \2/')"
            read -r cx cy <<< "$(echo "$wanted" | sed 's/.* x=\([^ ]*\) y=\(.*\)/\1 \2/')"
            if awk -v px="$(printf '%.17g' "$px")" -v py="$(printf '%.17g' "$py")" \
                   -v cx="$(printf '%.17g' "$cx")" -v cy="$(printf '%.17g' "$cy")" -v t=$TOLERANCE '
                   function abs(v) { return v < 0 ? -v : v }
                   BEGIN { s = abs(cx) > abs(cy) ? abs(cx) : abs(cy); if (s < 1) s = 1
                           exit !(abs(px - cx) <= t * s && abs(py - cy) <= t * s) }'; then
                echo "  within tolerance (JavaScript's pow/cos): case $((k + 1)) $side:"
                echo "    page: $page"
                echo "    cli:  $wanted"
                close=$((close + 1))
                continue
            fi
        fi
        fail "case $((k + 1)) $side ($preset): the page and descent trajectory ${options[*]} differ"
        echo "    page: ${page:-(no line)}"
        echo "    cli:  $wanted"
    done
done
echo "  $exact end points bit for bit, $close within $TOLERANCE"

echo "== a slider moved as a drag moves it: the page runs again, as descent trajectory runs the box's value"
# Each move: the preset, then slide:SIDE.SETTING=POSITION, which sets that
# slider and fires the input event a drag fires (page.js, slide). The box
# must show the value worked out by hand below from the slider's scale
# (page.js, PARAMETERS: mu linear from 0 to 0.999 shown to 3 digits, lr log
# from 1e-5 to 10 shown to 2); descent trajectory, given that value, must end
# where the page now ends, bit for bit, and not where the preset ended.
slide_preset="surface=valley&start=-10,1&steps=100&a=momentum&a.lr=0.05&a.mu=0.9&b=none"
slides=(
    "a.mu=700 0.699" # 0 + 700/1000 * 0.999 = 0.6993
    "a.lr=600 0.04"  # 1e-5 * (10 / 1e-5)^(600/1000) = 10^-1.4 = 0.0398...
)
cases=()
for move in "${slides[@]}"; do cases+=("$slide_preset" "slide:${move% *}"); done
run_page "$build/playground/playground-solutions.html" > "$out/slider.txt"
grep -q "^selftest done: ${#cases[@]} cases" "$out/slider.txt" ||
    fail "the page did not finish the slider's self-test"
# descent trajectory's exact end of A for a preset: steps=N x=HEX y=HEX.
exact_end_a() {
    local -a options
    mapfile -t options < <(cli_options a "$1")
    "$descent" trajectory --exact --svg "$out/cli.svg" "${options[@]}" 2> "$out/cli.err" |
        sed -n "s/^  momentum *exact end after \([0-9]*\) steps: x = \(.*\), y = \(.*\)$/steps=\1 x=\2 y=\3/p"
}
before=$(exact_end_a "$slide_preset")
for k in "${!slides[@]}"; do
    move=${slides[$k]% *} box=${slides[$k]#* }
    setting=${move%%=*}
    page=$(grep "^case $((2 * k + 2)) " "$out/slider.txt")
    echo "  $page"
    shown=$(echo "$page" | sed -n "s/^case [0-9]* a momentum slid ${setting#a.}=\([^ ]*\) .*/\1/p")
    [ "$shown" = "$box" ] ||
        fail "slide:$move: the box shows \"${shown:-(no line)}\", the slider's scale gives $box"
    after=$(exact_end_a "$(echo "$slide_preset" | sed "s/&$setting=[^&]*//")&$setting=${shown:-$box}")
    wanted="case $((2 * k + 2)) a momentum slid ${setting#a.}=${shown:-$box} $after was $before"
    if [ -z "$before" ] || [ -z "$after" ]; then
        fail "slide:$move: descent trajectory failed: $(cat "$out/cli.err")"
    elif [ "$page" != "$wanted" ]; then
        fail "slide:$move: after the move the page and descent trajectory differ"
        echo "    page: ${page:-(no line)}"
        echo "    cli:  $wanted"
    fi
    moved=${page#* slid * }
    [ -n "$page" ] && [ "${moved% was *}" = "${page##* was }" ] &&
        fail "slide:$move: the page's end point did not move when the slider fired its input event"
done

echo "== settings descent trajectory refuses: the page refuses each of them, in the CLI's words"
# Each case: the run, then settings of A that are out of range. The page must
# name every one (not only the first) with the message descent trajectory
# gives for that option alone.
base="surface=valley&steps=10&b=none"
bad_cases=(
    "a=momentum&a.lr=-1&a.mu=1.5"
    "a=adam&a.lr=1e-40&a.beta2=1&a.eps=0"
    "a=rmsprop&a.lr=20&a.alpha=1"
    "a=sgd&a.schedule=step&a.gamma=-2&a.step_size=0"
    "a=adamw&a.weight_decay=2&a.schedule=inverse-sqrt&a.d_model=0.5"
)
cases=()
for bad in "${bad_cases[@]}"; do cases+=("$base&$bad"); done
run_page "$build/playground/playground-solutions.html" > "$out/refused.txt"
grep -q "^selftest done: ${#cases[@]} cases" "$out/refused.txt" ||
    fail "the page did not finish the refused settings' self-test"
refused=0
for k in "${!bad_cases[@]}"; do
    page=$(grep "^case $((k + 1)) a " "$out/refused.txt")
    IFS='&' read -r -a pairs <<< "${bad_cases[$k]}"
    for pair in "${pairs[@]}"; do
        case "$pair" in a=* | a.schedule=*) continue ;; esac
        schedule=$(echo "${bad_cases[$k]}" | grep -o 'a\.schedule=[a-z-]*' || true)
        mapfile -t options < <(cli_options a "$base&${bad_cases[$k]%%&*}${schedule:+&$schedule}&$pair")
        said=$("$descent" trajectory --svg "$out/cli.svg" "${options[@]}" 2>&1 > /dev/null |
               sed -n 's/^descent trajectory: \(--[a-z0-9-]*\): \(expected .*\) (descent help.*/(\1): \2/p')
        if [ -z "$said" ]; then
            fail "descent trajectory ${options[*]} did not refuse $pair"
        elif [[ "$page" != *"$said"* ]]; then
            fail "case $((k + 1)): the page does not refuse $pair as the CLI does"
            echo "    page: ${page:-(no line)}"
            echo "    cli:  $said"
        else
            refused=$((refused + 1))
        fi
    done
done
echo "  $refused refused settings named as descent trajectory names them"

echo "== the student's page: every kernel says it is not implemented yet"
cases=()
while IFS= read -r name; do
    cases+=("surface=valley&steps=10&a=$name&b=none")
done < <(sed -n 's/^    {"\([a-z0-9-]*\)", "[0-9][0-9]-.*/\1/p' lessons/00-trainer/optimizer.c)
for schedule in step exponential inverse-time cosine warmup warmup-cosine inverse-sqrt; do
    cases+=("surface=valley&steps=10&a=sgd&a.schedule=$schedule&b=none")
done
run_page "$build/playground/playground.html" > "$out/lessons.txt"
grep -q "^selftest done: ${#cases[@]} cases" "$out/lessons.txt" ||
    fail "the student's page did not finish its self-test"
while IFS= read -r line; do
    case "$line" in
    selftest*) ;;
    *" error="*" is not implemented yet: see lessons/"*"/README.md, section \""*'".') ;;
    *) fail "the student's page ran code: $line" ;;
    esac
done < "$out/lessons.txt"
grep -F 'case 1 a sgd error=gd_step is not implemented yet: see lessons/01-gradient-descent/README.md, section "The update rule".' \
    "$out/lessons.txt" > /dev/null || fail "no lesson 01 message for sgd: $(head -n 1 "$out/lessons.txt")"
echo "  $(grep -c 'not implemented yet' "$out/lessons.txt") of ${#cases[@]} runs stop with the lesson's message"

echo "== the student's module is the skeletons' and only theirs"
committed=$out/committed
mkdir -p "$committed"
git archive --format=tar HEAD lessons | tar -xf - -C "$committed"
committed_module=$build/impl/$(echo "$committed/lessons" | tr / _)/wasm/playground.wasm
make -s --no-print-directory "$committed_module" IMPL="$committed/lessons" BUILD="$build" > /dev/null ||
    fail "the committed skeletons do not build"
cmp -s "$build/impl/lessons/wasm/playground.wasm" "$committed_module" ||
    fail "the student's module differs from the one built from the committed skeletons"
cmp -s "$build/impl/lessons/wasm/playground.wasm" "$build/impl/solutions/wasm/playground.wasm" &&
    fail "the student's and the solutions' modules are the same bytes: the check above proves nothing"
make -s --no-print-directory "$build/handouts/student/playground.html" BUILD="$build" > /dev/null &&
    cmp -s "$build/handouts/student/playground.html" "$build/playground/playground.html" ||
    fail "the handout site's student playground is not the skeletons' page"

echo "== the HTML handouts embed the playground where a lesson text asks for it"
tools/ensure-deps.sh pandoc || exit 1
html=$(pandoc --lua-filter docs/include-code.lua -M edition=student -M repo-root=docs/tests/tree \
       -M lesson-dir=lessons/90-demo -f markdown -t html5 docs/tests/cases/playground.md)
echo "$html" | grep -qF '<iframe title="The playground, preset to the settings of the figure above" data-preset="surface=valley&amp;start=-10,1&amp;steps=50&amp;a=momentum' ||
    fail "docs/tests/cases/playground.md: no playground iframe in the HTML"
for lesson in 01-gradient-descent 04-momentum 05-nesterov 06-adagrad 07-rmsprop 08-adam; do
    grep -q '^<!-- playground: ' "docs/lessons/$lesson.md" || fail "docs/lessons/$lesson.md embeds no playground"
done

[ $status = 0 ] && echo "playground: all checks passed"
exit $status
