//! The policy packs bundled in the binary (`policies/` at build time). A
//! project uses one with `packs = ["dk-cloud-guide"]` in `skykrav.toml`.

include!(concat!(env!("OUT_DIR"), "/bundled_packs.rs"));

/// The names of the bundled packs, sorted.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = BUNDLED.iter().map(|(p, _, _)| *p).collect();
    names.dedup();
    names
}

/// The files of one pack that a project loads: (path inside the pack,
/// text). The pack's `starter/` files are not among them: they are what
/// `skykrav init` copies into a new project.
pub fn files(pack: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    BUNDLED
        .iter()
        .filter(move |(p, path, _)| *p == pack && !path.starts_with(STARTER))
        .map(|(_, path, text)| (*path, *text))
}

/// The folder of a pack's starter files.
const STARTER: &str = "starter/";

/// A starter file of a pack (`starter/NAME`), for `skykrav init`.
pub fn starter(pack: &str, name: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(p, path, _)| *p == pack && path.strip_prefix(STARTER) == Some(name))
        .map(|(_, _, text)| *text)
}

/// How a bundled file is named in reports: not a path of the project.
pub fn display_name(pack: &str, path: &str) -> String {
    format!("<{pack}>/{path}")
}

/// Whether a file name is one of [`display_name`]'s, not the user's.
pub fn is_bundled_name(name: &str) -> bool {
    name.starts_with('<')
}

/// The pack a file named by [`display_name`] belongs to.
pub fn pack_of_name(name: &str) -> Option<&str> {
    name.strip_prefix('<')?
        .split_once(">/")
        .map(|(pack, _)| pack)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_name_names_its_pack() {
        let name = display_name("dk-cloud-guide", "tests/r1.krav");
        assert_eq!(pack_of_name(&name), Some("dk-cloud-guide"));
        assert_eq!(pack_of_name("tests/r1.krav"), None);
    }

    #[test]
    fn every_pack_file_on_disk_is_bundled() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let mut on_disk = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "krav") {
                    on_disk.push(
                        p.strip_prefix(&root)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                    );
                }
            }
        }
        on_disk.sort();
        let mut bundled: Vec<String> = BUNDLED.iter().map(|(p, f, _)| format!("{p}/{f}")).collect();
        bundled.sort();
        assert_eq!(bundled, on_disk);
    }
}
