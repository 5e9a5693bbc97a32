-- slides.lua -- a lecture deck from a lesson text (runs after include-code.lua).
--
-- A deck is what a lecturer shows, not the text read aloud, so it keeps of
-- the lesson's main path (everything above "Going further") only:
--   - the title, from the text's first heading;
--   - the objectives ("What you will be able to do") as they are;
--   - for every other section: its first sentence, then each display
--     formula, each figure (one per slide) and each code listing (one per
--     slide: the student edition shows the function students write, the
--     instructor edition the solution, as include-code.lua decided);
--   - the checklist as it is.
-- Prose, program output, exercises and instructor notes stay in the text.
-- A section with nothing of that kind gets no slide.

local function stringify(x) return pandoc.utils.stringify(x) end

local KEEP_WHOLE = { ["What you will be able to do"] = true, ["Checklist"] = true }
local STOP = { ["Going further"] = true, ["Further reading"] = true, ["Exercises"] = true }

-- The first sentence of a paragraph's inlines (up to the first ". ").
local function first_sentence(inlines)
  local kept = {}
  for i, inline in ipairs(inlines) do
    kept[#kept + 1] = inline
    if inline.t == "Str" and inline.text:match("[%.%?!:]$") and
       (inlines[i + 1] == nil or inlines[i + 1].t == "Space" or inlines[i + 1].t == "SoftBreak") then
      break
    end
  end
  return kept
end

local function is_display_math(block)
  if block.t ~= "Para" then return false end
  for _, inline in ipairs(block.content) do
    if inline.t == "Math" and inline.mathtype == "DisplayMath" then return true end
  end
  return false
end

local function is_figure(block)
  return block.t == "Para" and #block.content == 1 and block.content[1].t == "Image"
end

-- On a slide a figure stands without its caption (the lecturer says it; the
-- figure's own title names it): the image alone, as large as fits.
local function bare_figure(block)
  local image = block.content[1]
  return pandoc.Para({ pandoc.Image({}, image.src, "", image.attr) })
end

local function is_listing(block)
  return block.t == "Div" and block.classes:includes("listing")
end

-- Only the display formulas of a paragraph (the words around them stay in the text).
local function formulas_of(block)
  local kept = {}
  for _, inline in ipairs(block.content) do
    if inline.t == "Math" and inline.mathtype == "DisplayMath" then
      kept[#kept + 1] = inline
    end
  end
  return pandoc.Para(kept)
end

function Pandoc(doc)
  local title = nil
  local sections = {} -- { name = ..., blocks = {...} }
  local current = nil
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 and not title then
      title = block.content
    elseif block.t == "Header" and block.level == 2 then
      local name = stringify(block.content)
      if STOP[name] then
        current = nil
        if name ~= "Exercises" then break end
      else
        current = { name = name, header = block, blocks = {} }
        sections[#sections + 1] = current
      end
    elseif current then
      current.blocks[#current.blocks + 1] = block
    end
  end

  local out = {}
  local function slide(header_content, blocks)
    out[#out + 1] = pandoc.Header(2, header_content)
    for _, b in ipairs(blocks) do out[#out + 1] = b end
  end
  for _, section in ipairs(sections) do
    if KEEP_WHOLE[section.name] then
      local kept = {}
      for _, b in ipairs(section.blocks) do
        if b.t == "BulletList" or b.t == "OrderedList" or (b.t == "Para" and #kept == 0) then
          kept[#kept + 1] = b
        end
      end
      if #kept > 0 then slide(section.header.content, kept) end
    else
      local lead, formulas, pictures = nil, {}, {}
      for _, b in ipairs(section.blocks) do
        if is_display_math(b) then
          formulas[#formulas + 1] = formulas_of(b)
        elseif is_figure(b) then
          pictures[#pictures + 1] = bare_figure(b)
        elseif is_listing(b) then
          pictures[#pictures + 1] = b
        elseif b.t == "Para" and not lead then
          lead = pandoc.Para(first_sentence(b.content))
        end
      end
      if #formulas > 0 or #pictures > 0 then
        -- The lead sentence and up to three formulas on the section's slide;
        -- more formulas continue on the next; each figure or listing alone.
        local first = {}
        if lead then first[1] = lead end
        local k, added = 1, 0
        while k <= #formulas and added < 3 do
          first[#first + 1] = formulas[k]
          k, added = k + 1, added + 1
        end
        if added > 0 then slide(section.header.content, first) end
        while k <= #formulas do
          local more = {}
          while k <= #formulas and #more < 3 do more[#more + 1] = formulas[k]; k = k + 1 end
          slide(section.header.content, more)
        end
        for i, p in ipairs(pictures) do
          local blocks = { p }
          if i == 1 and added == 0 and lead then table.insert(blocks, 1, lead) end
          slide(section.header.content, blocks)
        end
      end
    end
  end
  local meta = doc.meta
  if title then meta.title = pandoc.MetaInlines(title) end
  return pandoc.Pandoc(out, meta)
end
