-- skykrav for Neovim 0.7 or later, with the built-in LSP client: `.krav`
-- files get the filetype `krav`, and each one is attached to `skykrav lsp`,
-- started once per project folder.
--
-- Put this file where Neovim runs it at start-up, such as
-- ~/.config/nvim/plugin/skykrav.lua, or `dofile()` it from init.lua.
-- Set `vim.g.skykrav_path` first to use a skykrav binary that is not on PATH.
-- tests/neovim.rs runs this very file in a headless Neovim.

vim.filetype.add({ extension = { krav = 'krav' } })
-- Neovim 0.7 reads vim.filetype.add only with g:do_filetype_lua set; an
-- autocommand says the same to every version.
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = '*.krav',
  group = vim.api.nvim_create_augroup('skykrav_filetype', { clear = true }),
  command = 'setfiletype krav',
})

local function is_dir(path)
  return vim.fn.isdirectory(path) == 1
end

-- The project folder of a file: the nearest folder above it that holds
-- skykrav.toml, or both policies/ and vendors/ (the default layout); else
-- the file's own folder.
local function project_root(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local here = dir
  while true do
    if vim.fn.filereadable(here .. '/skykrav.toml') == 1
      or (is_dir(here .. '/policies') and is_dir(here .. '/vendors')) then
      return here
    end
    local up = vim.fn.fnamemodify(here, ':h')
    if up == here then
      return dir
    end
    here = up
  end
end

-- One client per project folder (Neovim 0.8+ has vim.lsp.start for this;
-- 0.7 starts and attaches by hand).
local clients = {}

local function attach(buf, skykrav, root)
  if vim.lsp.start then
    vim.lsp.start({ name = 'skykrav', cmd = { skykrav, 'lsp' }, root_dir = root }, { bufnr = buf })
    return
  end
  local id = clients[root]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({ name = 'skykrav', cmd = { skykrav, 'lsp' }, root_dir = root })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(buf, id)
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'krav',
  group = vim.api.nvim_create_augroup('skykrav', { clear = true }),
  callback = function(args)
    vim.bo[args.buf].commentstring = '// %s'
    local file = vim.api.nvim_buf_get_name(args.buf)
    if file == '' then
      return
    end
    local skykrav = vim.g.skykrav_path or 'skykrav'
    if vim.fn.executable(skykrav) == 0 then
      vim.notify('skykrav: `' .. skykrav .. '` not found; set vim.g.skykrav_path', vim.log.levels.WARN)
      return
    end
    attach(args.buf, skykrav, project_root(file))
  end,
})
