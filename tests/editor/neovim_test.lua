-- Run by tests/neovim.rs in a headless Neovim with the repository's own
-- configuration (editors/neovim/skykrav.lua) on a copy of the quickstart
-- example: a broken file must get its diagnostic, and hover on a fact must
-- show its description. Exits with 0 when both hold, 1 otherwise.

local project = os.getenv('SKYKRAV_PROJECT')
vim.g.skykrav_path = os.getenv('SKYKRAV_BIN')
-- `-u NONE` starts without filetype detection, which every configuration has.
vim.cmd('filetype on')
dofile(os.getenv('SKYKRAV_SNIPPET'))

local function say(text)
  io.stderr:write(text .. '\n')
end

local function fail(text)
  say('FAIL: ' .. text)
  vim.cmd('cquit 1')
end

local function attached()
  if vim.lsp.get_active_clients then
    return #vim.lsp.get_active_clients({ bufnr = 0 }) > 0
  end
  return #vim.lsp.buf_get_clients(0) > 0
end

-- 1. A file with an unknown fact gets its diagnostic.
vim.cmd('edit ' .. project .. '/policies/broken.krav')
if not vim.wait(30000, attached, 50) then
  fail('skykrav lsp did not attach to policies/broken.krav')
end
if not vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50) then
  fail('no diagnostic arrived for policies/broken.krav')
end
local d = vim.diagnostic.get(0)[1]
local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
if code ~= 'K1001' then
  fail('the diagnostic is ' .. tostring(code) .. ': ' .. d.message)
end
say(string.format('diagnostic: %s at %d:%d: %s', code, d.lnum + 1, d.col + 1, d.message:gsub('\n.*', '')))

-- 2. Hover on a fact of a policy shows the fact's description.
vim.cmd('edit ' .. project .. '/policies/baseline.krav')
if not vim.wait(30000, attached, 50) then
  fail('skykrav lsp did not attach to policies/baseline.krav')
end
local line, col
for i, text in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
  local at = text:find('sla.uptime', 1, true)
  if at then
    line, col = i - 1, at - 1
    break
  end
end
if not line then
  fail('no sla.uptime in policies/baseline.krav')
end
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = line, character = col } }
local answers = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 30000) or {}
local shown = ''
for _, answer in pairs(answers) do
  local contents = answer.result and answer.result.contents
  if contents then
    shown = shown .. (contents.value or '')
  end
end
if not shown:find('Monthly uptime guaranteed', 1, true) then
  fail('hover on sla.uptime shows: ' .. shown)
end
say('hover: ' .. shown:gsub('\n', ' '))
say('ok')
vim.cmd('qall!')
