-- include-code.lua -- the handout filter: code comes from the source, never pasted.
--
-- A lesson shows code by naming it in an EMPTY fenced block:
--
--     ```{.c include="lessons/04-momentum/momentum.c" function="momentum_step"}
--     ```
--     ```{.c include="lessons/04-momentum/experiment.c" region="the_loop"}
--     ```
--
-- function="NAME"  the definition of NAME in a .c file (signature to the
--                  matching closing brace) with the comment block right above
--                  it; in a .h file its declaration (up to the ';') with its
--                  comment.
-- region="NAME"    the lines between the marker lines /* region NAME */ and
--                  /* endregion NAME */ (the markers themselves not shown).
--
-- Editions (metadata `edition`): the student edition shows the file named;
-- the instructor edition shows solutions/NN-name/f.c instead of
-- lessons/NN-name/f.c when it exists, without the STUDENT CODE marker lines,
-- and keeps the `::: instructor` divs that the student edition drops.
--
-- Every problem is collected and reported as README.md:LINE: message; then
-- pandoc exits with status 1, so a broken reference fails the build.
--
-- Figures: ![caption](figures/f.svg) names a committed figure of the lesson,
-- relative to its folder lessons/NN-name/ (the source docs/lessons/NN-name.md
-- is written as if it stood there, where its rendered README.md stands).
--
-- The playground: a comment line of its own right after a trajectory figure,
--
--     <!-- playground: surface=valley&a=momentum&a.lr=0.05&a.mu=0.9&b=none -->
--
-- embeds the browser playground (docs/playground/README.md) in the HTML
-- handout, preset to those settings: an iframe of playground.html, the page
-- `make handouts` puts beside each edition's lessons (the student edition's
-- runs the skeletons, the instructor edition's the solutions), as tall as
-- the page inside it says it is. The Markdown edition (render-markdown, what
-- a Git host shows) turns the comment into one visible line that says how
-- to open the page with those settings; the PDF and the slides keep the
-- static figure alone. The settings are checked: a key or surface the page
-- does not know is a problem like a missing figure. The settings must be the
-- figure's own (steps, start, rates): tools/checks/playground.sh runs every
-- one in the page and with `descent trajectory`.
--
-- Rendering (metadata `render-markdown`: a path): besides pandoc's own output,
-- write the lesson's GitHub-flavoured Markdown edition to that path, the
-- file students open in lessons/NN-name/README.md: the source's own text line
-- for line, with every include fence filled with its code (next listings of
-- one file merged), every `::: instructor` note left out, and each figure's
-- caption repeated under it in italics (Git hosts show no alt text).
-- docs/render-lesson.sh drives it; only the student edition renders.
--
-- Metadata: edition (student | instructor), repo-root (default "."),
-- lesson-dir (default: lessons/NN-name for a source docs/lessons/NN-name.md),
-- render-markdown (default: none).

local edition = "student"
local root = "."
local lesson_dir = nil
local render_to = nil
local rendered = {} -- fence line -> { code = ..., shown = ... } for render_to
local lesson_path = "(stdin)"
local lesson_lines = {}
local errors = {}
local seen = {} -- how many times each fence text was already matched
local include_fences = {} -- lines of the lesson's fences that name an include
local include_count = 0

------------------------------------------------------------------------------
-- Small helpers

local function report(line, message)
  errors[#errors + 1] = string.format("%s:%s: %s", lesson_path, line or "?", message)
end

local function read_file(path)
  local file = io.open(path, "rb")
  if not file then return nil end
  local text = file:read("a")
  file:close()
  return text
end

local function exists(path)
  local file = io.open(path, "rb")
  if file then file:close() return true end
  return false
end

local function split_lines(text)
  local lines = {}
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do lines[#lines + 1] = line end
  if lines[#lines] == "" then lines[#lines] = nil end
  return lines
end

local function plain(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end

-- The line of the lesson where a fence or image naming all of `needles`
-- stands; the n-th such line for the n-th block naming the same things.
local function lesson_line(needles)
  local key = table.concat(needles, "\0")
  seen[key] = (seen[key] or 0) + 1
  local count = 0
  for number, line in ipairs(lesson_lines) do
    local all = true
    for _, needle in ipairs(needles) do
      if not line:find(needle, 1, true) then all = false break end
    end
    if all then
      count = count + 1
      if count == seen[key] then return number end
    end
  end
  return nil
end

------------------------------------------------------------------------------
-- A small C lexer: the text with comments, string and character literals and
-- preprocessor lines blanked out (same length, newlines kept), so braces and
-- names can be found by plain searching; and where each comment lies.

local function blank(s) return (s:gsub("[^\n]", " ")) end

local function mask_c(text)
  local out, comments = {}, {}
  local i, n = 1, #text
  local line_start = true
  while i <= n do
    local c = text:sub(i, i)
    local two = text:sub(i, i + 1)
    if two == "/*" then
      local j = text:find("*/", i + 2, true)
      local stop = j and j + 1 or n
      out[#out + 1] = blank(text:sub(i, stop))
      comments[#comments + 1] = { first = i, last = stop }
      i = stop + 1
      line_start = false
    elseif two == "//" then
      local stop = (text:find("\n", i, true) or n + 1) - 1
      out[#out + 1] = blank(text:sub(i, stop))
      comments[#comments + 1] = { first = i, last = stop }
      i = stop + 1
    elseif c == '"' or c == "'" then
      local j = i + 1
      while j <= n do
        local d = text:sub(j, j)
        if d == "\\" then j = j + 2
        elseif d == c or d == "\n" then break
        else j = j + 1 end
      end
      out[#out + 1] = blank(text:sub(i, j))
      i = j + 1
      line_start = false
    elseif c == "#" and line_start then
      local j = i
      while true do
        local eol = text:find("\n", j, true) or n + 1
        if text:sub(eol - 1, eol - 1) == "\\" and eol <= n then j = eol + 1 else j = eol break end
      end
      out[#out + 1] = blank(text:sub(i, j - 1))
      i = j
    else
      out[#out + 1] = c
      if c == "\n" then line_start = true
      elseif not c:match("%s") then line_start = false end
      i = i + 1
    end
  end
  return table.concat(out), comments
end

local function line_at(text, pos)
  local _, newlines = text:sub(1, pos - 1):gsub("\n", "")
  return newlines + 1
end

-- The position of the bracket that closes the one at `open`, or nil.
local function matching(masked, open, left, right)
  local depth = 0
  for j = open, #masked do
    local c = masked:sub(j, j)
    if c == left then depth = depth + 1
    elseif c == right then
      depth = depth - 1
      if depth == 0 then return j end
    end
  end
  return nil
end

-- Lines (first, last) of the function NAME in a C source: its definition
-- (kind "definition") or declaration ("declaration"), with the comment
-- block right above it. Returns nil and a reason when it is not there.
local function find_function(text, name, want_declaration)
  local masked, comments = mask_c(text)
  local found = {}
  local depth, counted = 0, 1
  local pattern = "%f[%w_]" .. plain(name) .. "%f[^%w_]"
  local s, e = masked:find(pattern, 1)
  while s do
    local chunk = masked:sub(counted, s - 1)
    depth = depth + select(2, chunk:gsub("{", "")) - select(2, chunk:gsub("}", ""))
    counted = s
    local paren = masked:find("%S", e + 1)
    if depth == 0 and paren and masked:sub(paren, paren) == "(" then
      local close = matching(masked, paren, "(", ")")
      local after = close and masked:find("%S", close + 1)
      local c = after and masked:sub(after, after)
      local stop, kind
      if c == "{" then
        stop, kind = matching(masked, after, "{", "}"), "definition"
      elseif c == ";" then
        stop, kind = after, "declaration"
      end
      if stop then
        -- The signature starts after the previous top-level ';' or '}'.
        local before = masked:sub(1, s - 1)
        local boundary = 0
        for k = #before, 1, -1 do
          local b = before:sub(k, k)
          if b == ";" or b == "}" or b == "{" then boundary = k break end
        end
        local start = masked:find("%S", boundary + 1)
        found[#found + 1] = { kind = kind, first = line_at(text, start), last = line_at(text, stop),
                              start = start }
      end
    end
    s, e = masked:find(pattern, e + 1)
  end
  local want = want_declaration and "declaration" or "definition"
  local choice
  for _, f in ipairs(found) do
    if f.kind == want then choice = f break end
  end
  if not choice and want_declaration then choice = found[1] end
  if not choice then
    if #found > 0 then return nil, "has only a declaration of " .. name .. ", no definition" end
    return nil, "has no function " .. name
  end
  -- Take in the comments that end on the line right above, one after another.
  local first = choice.first
  local changed = true
  while changed do
    changed = false
    for k = #comments, 1, -1 do
      local cm = comments[k]
      if cm.last < choice.start and line_at(text, cm.last) == first - 1 then
        local opening = line_at(text, cm.first)
        local line_start = text:sub(1, cm.first - 1):match(".*\n()") or 1
        if text:sub(line_start, cm.first - 1):match("^%s*$") then
          first = opening
          changed = true
        end
        break
      end
    end
  end
  return { first = first, last = choice.last }
end

------------------------------------------------------------------------------
-- Region markers: /* region NAME */ and /* endregion NAME */ on lines of their own.

local function region_marker(line)
  local name = line:match("^%s*/%*%s*region%s+([%w_%.%-]+)%s*%*/%s*$")
  if name then return "open", name end
  name = line:match("^%s*/%*%s*endregion%s+([%w_%.%-]+)%s*%*/%s*$")
  if name then return "close", name end
  return nil
end

-- Lines (first, last) of the content of region NAME, or nil and a reason.
-- The whole file's markers must pair up and nest properly.
local function find_region(lines, name, path)
  local stack, opened, span = {}, {}, nil
  for number, line in ipairs(lines) do
    local kind, marker = region_marker(line)
    if kind == "open" then
      if opened[marker] then
        return nil, string.format("region %s is opened twice in %s (lines %d and %d)",
                                  marker, path, opened[marker], number)
      end
      opened[marker] = number
      stack[#stack + 1] = { name = marker, line = number }
    elseif kind == "close" then
      local top = stack[#stack]
      if not top then
        return nil, string.format("%s:%d: endregion %s has no matching region marker", path, number, marker)
      elseif top.name ~= marker then
        return nil, string.format("%s:%d: endregion %s closes region %s (opened on line %d): markers must nest",
                                  path, number, marker, top.name, top.line)
      end
      stack[#stack] = nil
      if marker == name then span = { first = top.line + 1, last = number - 1 } end
    end
  end
  for _, open in ipairs(stack) do
    if open.name == name or not span then
      return nil, string.format("region %s is not closed in %s (opened on line %d; add /* endregion %s */)",
                                open.name, path, open.line, open.name)
    end
  end
  if not span then return nil, string.format("region %s not found in %s (no /* region %s */ line)", name, path, name) end
  return span
end

------------------------------------------------------------------------------
-- Cleaning an extract: drop marker lines, trim blank edges, dedent.

local function is_student_marker(line)
  return line:find("/* STUDENT CODE BEGIN */", 1, true) or line:find("/* STUDENT CODE END */", 1, true)
end

local function clean(lines, first, last)
  local kept = {}
  for k = first, last do
    local line = lines[k]:gsub("%s+$", "")
    if region_marker(line) then
      -- markers of regions nested inside are not shown
    elseif edition == "instructor" and is_student_marker(line) then
      -- the solution reads cleanly without the student's markers
    else
      kept[#kept + 1] = line
    end
  end
  while #kept > 0 and kept[1] == "" do table.remove(kept, 1) end
  while #kept > 0 and kept[#kept] == "" do table.remove(kept) end
  local indent
  for _, line in ipairs(kept) do
    if line ~= "" then
      local lead = #line:match("^[ \t]*")
      if not indent or lead < indent then indent = lead end
    end
  end
  for k, line in ipairs(kept) do kept[k] = line:sub((indent or 0) + 1) end
  return table.concat(kept, "\n")
end

------------------------------------------------------------------------------
-- The filter

local function read_meta(meta)
  local function get(key, default)
    local value = meta[key]
    if value == nil then return default end
    return pandoc.utils.stringify(value)
  end
  edition = get("edition", "student")
  root = get("repo-root", ".")
  render_to = get("render-markdown", nil)
  if edition ~= "student" and edition ~= "instructor" then
    errors[#errors + 1] = "edition must be student or instructor, not " .. edition
  end
  lesson_path = (PANDOC_STATE.input_files or {})[1] or "(stdin)"
  lesson_lines = split_lines(read_file(lesson_path) or "")
  local name = lesson_path:match("([%w_%-]+)%.md$")
  lesson_dir = get("lesson-dir", name and ("lessons/" .. name) or ".")
  for number, line in ipairs(lesson_lines) do
    if line:match("^[%s>]*```") or line:match("^[%s>]*~~~") then
      if line:find("include=", 1, true) then include_fences[#include_fences + 1] = number end
    end
  end
end

local function include_code(block)
  local path = block.attributes["include"]
  if not path then
    if block.classes:includes("c") and block.text:match("%S") then
      local first = block.text:match("[^\n]*%S[^\n]*")
      report(lesson_line({ first }), "C code pasted into the lesson: show it with an empty block "
             .. '```{.c include="lessons/..." function="NAME"} (or region="NAME")')
    end
    return nil
  end
  local fname, rname = block.attributes["function"], block.attributes["region"]
  -- Include blocks come in document order: the k-th is on the k-th include fence.
  include_count = include_count + 1
  local line = include_fences[include_count]
  if not (line and lesson_lines[line]:find('include="' .. path .. '"', 1, true)) then
    line = lesson_line({ 'include="' .. path .. '"' })
  end
  local what = fname and ("function " .. fname) or rname and ("region " .. rname) or "(nothing)"

  if (fname and rname) or not (fname or rname) then
    report(line, 'an include names exactly one of function="NAME" or region="NAME": ' .. path)
    return nil
  end
  if (fname or rname):match("[^%w_%.%-]") then
    report(line, "not a valid name: " .. (fname or rname))
    return nil
  end
  if block.text:match("%S") then
    report(line, "an include block must be empty (the code comes from " .. path .. ")")
    return nil
  end
  if not path:match("^lessons/") or path:match("%.%.") then
    report(line, "include a lessons/... path (the instructor edition finds the solution itself): " .. path)
    return nil
  end
  local shown = path
  if edition == "instructor" then
    local solution = path:gsub("^lessons/", "solutions/")
    if exists(root .. "/" .. solution) then shown = solution end
  end
  local text = read_file(root .. "/" .. shown)
  if not text then
    report(line, "no such file: " .. shown .. " (wanted for " .. what .. ")")
    return nil
  end
  local lines = split_lines(text)
  local span, why
  if fname then
    span, why = find_function(text, fname, shown:match("%.h$") ~= nil)
    if not span then why = shown .. " " .. why .. " (renamed or removed?)" end
  else
    span, why = find_region(lines, rname, shown)
  end
  if not span then
    report(line, why)
    return nil
  end
  local code = clean(lines, span.first, span.last)
  if code == "" then
    report(line, what .. " in " .. shown .. " is empty")
    return nil
  end
  if line then rendered[line] = { code = code, shown = shown } end
  local attributes = {}
  for key, value in pairs(block.attributes) do
    if key ~= "include" and key ~= "function" and key ~= "region" then attributes[key] = value end
  end
  attributes["data-source"] = shown
  local listing = pandoc.CodeBlock(code, pandoc.Attr(block.identifier, block.classes, attributes))
  local label = pandoc.Plain({ pandoc.Code(shown) })
  if FORMAT == "latex" or FORMAT == "beamer" then
    label = pandoc.RawBlock("latex", "\\listinglabel{" .. shown .. "}")
  end
  return pandoc.Div({ label, listing }, pandoc.Attr("", { "listing" }))
end

local function instructor_notes(div)
  if not div.classes:includes("instructor") then return nil end
  if edition ~= "instructor" then return {} end
  if FORMAT == "latex" or FORMAT == "beamer" then
    return { pandoc.RawBlock("latex", "\\begin{instructornote}"), div,
             pandoc.RawBlock("latex", "\\end{instructornote}") }
  end
  return nil
end

-- In LaTeX, a file path in running text may break after a '/' or '-'.
local function breakable_path(code)
  if (FORMAT == "latex" or FORMAT == "beamer") and code.text:find("/", 1, true)
     and code.text:match("^[%w/%._%-]+$") then
    return pandoc.RawInline("latex", "\\path{" .. code.text .. "}")
  end
  return nil
end

-- Plain parentheses sit tight: texmath 0.12 (pandoc 2.17) writes every ( and
-- ) as a stretchy fence, and browsers space a stretchy fence out: J(w) reads
-- "J ( w )". A parenthesis LaTeX does not size (not after \left, \right,
-- \big...) is written {(} here, which texmath makes a plain operator. Text in
-- \text{...} is left alone.
local function tight_parentheses(tex)
  local out, i, n = {}, 1, #tex
  local text_depth = nil -- brace depth inside \text{...}, else nil
  local depth = 0
  while i <= n do
    local c = tex:sub(i, i)
    if c == "\\" then
      local command = tex:match("^\\%a+", i) or tex:sub(i, i + 1)
      if command == "\\text" and not text_depth and tex:match("^%s*{", i + #command) then
        text_depth = depth
      end
      out[#out + 1] = command
      i = i + #command
      -- A sized delimiter keeps its parenthesis as it is.
      if command:match("^\\left$") or command:match("^\\right$") or command:match("^\\middle$")
         or command:match("^\\[bB]igg?[lrm]?$") then
        local space, delimiter = tex:match("^(%s*)([%(%)])", i)
        if delimiter then
          out[#out + 1] = space .. delimiter
          i = i + #space + 1
        end
      end
    else
      if c == "{" then depth = depth + 1
      elseif c == "}" then
        depth = depth - 1
        if text_depth and depth == text_depth then text_depth = nil end
      end
      if (c == "(" or c == ")") and not text_depth then
        out[#out + 1] = "{" .. c .. "}"
      else
        out[#out + 1] = c
      end
      i = i + 1
    end
  end
  return table.concat(out)
end

-- texmath 0.12 (pandoc 2.17) cannot turn \Bigl( ... \Bigr) or \bigm| into
-- MathML; \Big( ... \Big) and \big| draw the same delimiters. LaTeX output
-- keeps the original.
local function mathml_safe(math)
  if FORMAT ~= "latex" and FORMAT ~= "beamer" then
    local text = math.text:gsub("\\Big([lr])%f[^%a]", "\\Big")
    text = text:gsub("\\([bB]igg?)m%f[^%a]", "\\%1")
    math.text = tight_parentheses(text)
    return math
  end
  return nil
end

local function figure(image)
  local src = image.src
  local line = lesson_line({ "](" .. src })
  if src:match("^%a[%w+.-]*:") or src:match("^/") then
    report(line, "figure " .. src .. " is not a path inside the course: figures are committed "
           .. "SVGs in lessons/NN-name/figures/, drawn by the lesson's experiment")
    return nil
  end
  local actual = root .. "/" .. lesson_dir .. "/" .. src
  if not exists(actual) then
    report(line, "figure " .. src .. " does not exist (looked for " .. actual
           .. "): `make figures` runs every experiment and commits what it draws")
    return nil
  end
  image.src = actual
  return image
end

-- The settings the playground page reads from its address (page.js,
-- applyPreset): the run's and, after "a." or "b.", each optimizer's.
local PLAYGROUND_KEYS = { surface = true, start = true, steps = true, a = true, b = true }
local PLAYGROUND_SIDE_KEYS = {
  schedule = true, lr = true, mu = true, momentum = true, alpha = true, rho = true,
  beta1 = true, beta2 = true, eps = true, weight_decay = true, momentum_decay = true,
  psi = true, gamma = true, step_size = true, warmup = true, warmup_steps = true,
  total_steps = true, min_lr = true, d_model = true,
}
local PLAYGROUND_SURFACES = { valley = true, rosenbrock = true, saddle = true, beale = true }

-- The settings of a playground comment line, else nil.
local function playground_preset(text)
  return text:match("^%s*<!%-%-%s*playground:%s*(.-)%s*%-%->%s*$")
end

local function playground(raw)
  if raw.format ~= "html" then return nil end
  local preset = playground_preset(raw.text)
  if not preset then return nil end
  local line = lesson_line({ "<!--", "playground:", preset })
  for pair in preset:gmatch("[^&]+") do
    local key, value = pair:match("^([%w_.]+)=([%w_.,+-]+)$")
    local side_key = key and key:match("^[ab]%.(.+)$")
    if not key then
      report(line, "playground setting '" .. pair .. "' is not KEY=VALUE (letters, digits, . , + -)")
    elseif not PLAYGROUND_KEYS[key] and not (side_key and PLAYGROUND_SIDE_KEYS[side_key]) then
      report(line, "playground setting '" .. key .. "' is not one the page knows "
             .. "(docs/playground/README.md lists them)")
    elseif key == "surface" and not PLAYGROUND_SURFACES[value] then
      report(line, "playground surface '" .. value .. "': expected valley, rosenbrock, saddle or beale")
    end
  end
  if FORMAT ~= "html" and FORMAT ~= "html5" and FORMAT ~= "html4" then return nil end
  local whose = edition == "student"
    and "It runs the lesson files of your release: each says which function to write until "
        .. "you write it; <code>make playground</code> then puts your own code here."
    or "It runs the reference solutions."
  local attribute = preset:gsub("&", "&amp;")
  return pandoc.RawBlock("html", table.concat({
    '<figure class="playground">',
    '<iframe title="The playground, preset to the settings of the figure above" data-preset="'
      .. attribute .. '" loading="lazy"></iframe>',
    -- src is set here rather than in the tag, which pandoc --self-contained
    -- would inline (dropping the settings after #). The page posts its
    -- height ({ playgroundHeight: pixels }, page.js) whenever it changes.
    '<script>(function (s) { var f = s.previousElementSibling; '
      .. 'f.src = "playground.html#" + f.getAttribute("data-preset"); '
      .. 'window.addEventListener("message", function (e) { '
      .. 'if (e.source === f.contentWindow && e.data && e.data.playgroundHeight > 0) '
      .. 'f.style.height = Math.ceil(e.data.playgroundHeight + 2) + "px"; }); '
      .. '})(document.currentScript);</script>',
    '<figcaption>Try it: the settings of the figure above, live (two runs at a time). '
      .. 'Move the sliders, click a new start point. '
      .. whose .. ' <a href="playground.html#' .. attribute .. '">Open it on its own page</a>.</figcaption>',
    '</figure>' }, "\n"))
end

-- Listings of one file that follow each other directly become one listing
-- (a lesson showing four declarations from a header gets one box, one label).
local function merge_listings(blocks)
  local merged = {}
  for _, block in ipairs(blocks) do
    local previous = merged[#merged]
    if block.t == "Div" and block.classes:includes("listing") and previous
       and previous.t == "Div" and previous.classes:includes("listing")
       and previous.content[2].attributes["data-source"] == block.content[2].attributes["data-source"] then
      previous.content[2].text = previous.content[2].text .. "\n\n" .. block.content[2].text
    else
      merged[#merged + 1] = block
    end
  end
  return merged
end

------------------------------------------------------------------------------
-- The Markdown edition (render_to): the source's lines, rewritten.

-- A path of the repository as seen from the lesson's folder.
local function from_lesson(path)
  local prefix = lesson_dir .. "/"
  if path:sub(1, #prefix) == prefix then return path:sub(#prefix + 1) end
  if path:match("^lessons/") and lesson_dir:match("^lessons/") then return "../" .. path:sub(9) end
  return path
end

local function is_fence(line) return line:match("^%s*```") or line:match("^%s*~~~") end

-- Where the fenced div opened on line `first` closes (its closing line).
local function div_end(lines, first)
  local depth = 0
  for k = first, #lines do
    if lines[k]:match("^:::+%s*$") then
      depth = depth - 1
      if depth == 0 then return k end
    elseif lines[k]:match("^:::+%s*[^%s:]") then
      depth = depth + 1
    end
  end
  return #lines
end

local function is_instructor_div(line)
  return line:match("^:::+%s*instructor%s*$") or line:match("^:::+%s*{[^}]*%.instructor[%s}]")
end

-- A paragraph that is one image alone: its caption, else nil.
local function lone_image_caption(paragraph)
  local text = table.concat(paragraph, " ")
  local caption = text:match("^%s*!%[(.*)%]%([^()%s]+%)%s*$")
  return caption
end

local function render_markdown()
  local out = {}
  local function emit(line) out[#out + 1] = line end
  local source = lesson_path:gsub("^%./", "")
  emit("<!-- Generated from " .. source .. " by `make readmes`: edit that file, not this one. -->")
  emit("")
  local k, n = 1, #lesson_lines
  local listing = nil -- the open merged listing: { shown = ..., parts = {...} }
  local function flush()
    if not listing then return end
    emit("[`" .. listing.shown .. "`](" .. from_lesson(listing.shown) .. ")")
    emit("")
    emit("```c")
    emit(table.concat(listing.parts, "\n\n"))
    emit("```")
    listing = nil
  end
  while k <= n do
    local line = lesson_lines[k]
    if rendered[k] then
      -- An include fence and its (empty) closing fence.
      local block = rendered[k]
      if listing and listing.shown ~= block.shown then flush() emit("") end
      if listing then
        listing.parts[#listing.parts + 1] = block.code
      else
        listing = { shown = block.shown, parts = { block.code } }
      end
      k = k + 2
      -- Blank lines between listings of one file vanish with the merge.
      local j = k
      while j <= n and lesson_lines[j]:match("^%s*$") do j = j + 1 end
      if j <= n and rendered[j] and rendered[j].shown == listing.shown then k = j end
    elseif is_instructor_div(line) then
      flush()
      k = div_end(lesson_lines, k) + 1
      -- No run of blank lines where the note stood.
      if #out > 0 and out[#out]:match("^%s*$") then
        while k <= n and lesson_lines[k]:match("^%s*$") do k = k + 1 end
      end
    elseif is_fence(line) then
      flush()
      local marker = line:match("^%s*(```+)") or line:match("^%s*(~~~+)")
      emit(line)
      k = k + 1
      while k <= n do
        emit(lesson_lines[k])
        if lesson_lines[k]:match("^%s*" .. plain(marker) .. "%s*$") then k = k + 1 break end
        k = k + 1
      end
    elseif line:match("^%s*!%[") then
      flush()
      local paragraph = {}
      while k <= n and not lesson_lines[k]:match("^%s*$") do
        paragraph[#paragraph + 1] = lesson_lines[k]
        k = k + 1
      end
      for _, l in ipairs(paragraph) do emit(l) end
      local caption = lone_image_caption(paragraph)
      if caption and caption ~= "" then
        emit("")
        emit("*Figure: " .. caption .. "*")
      end
    elseif playground_preset(line) then
      -- The playground's comment, invisible in Markdown: one line that says
      -- how to open the page with the figure's settings (`make playground`
      -- writes it to build/playground/, mk/playground.mk).
      flush()
      emit("*Explore this figure live: run `make playground`, then open "
           .. "`build/playground/playground.html#" .. playground_preset(line) .. "` in a browser.*")
      k = k + 1
    else
      flush()
      emit(line)
      k = k + 1
    end
  end
  flush()
  local text = table.concat(out, "\n"):gsub("\n\n\n+", "\n\n") .. "\n"
  local temporary = render_to .. ".tmp"
  local file = io.open(temporary, "wb")
  if not file then
    io.stderr:write("include-code.lua: cannot write " .. temporary .. "\n")
    os.exit(1)
  end
  file:write(text)
  file:close()
  os.rename(temporary, render_to)
end

local function finish(doc)
  if #errors > 0 then
    for _, message in ipairs(errors) do io.stderr:write(message, "\n") end
    io.stderr:write(string.format("include-code.lua: %d problem(s) in %s (%s edition)\n",
                                  #errors, lesson_path, edition))
    os.exit(1)
  end
  if render_to then
    if edition ~= "student" then
      io.stderr:write("include-code.lua: only the student edition renders to Markdown\n")
      os.exit(1)
    end
    render_markdown()
  end
  doc.blocks = merge_listings(doc.blocks)
  return doc
end

return {
  { Meta = read_meta },
  { CodeBlock = include_code, Image = figure, Code = breakable_path, Math = mathml_safe,
    RawBlock = playground },
  { Div = instructor_notes },
  { Pandoc = finish },
}
