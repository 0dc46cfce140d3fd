//! Helpers shared by the integration tests: key strings applied to a model, screens drawn into
//! a `TestBackend`.

#![allow(dead_code)]

use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sidenote::action::Action;
use sidenote::effect::Effect;
use sidenote::keymap;
use sidenote::model::Model;
use sidenote::update::update;

/// Applies space-separated key names (`j`, `G`, `ctrl-d`, `space`) in order; returns all effects.
pub(crate) fn press(m: &mut Model, keys: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for name in keys.split_whitespace() {
        let (code, mods) = keymap::parse_key(name).unwrap_or_else(|| panic!("unknown key {name}"));
        if let Some(a) = m.keys.action_for(KeyEvent::new(code, mods)) {
            fx.extend(update(m, a));
        }
    }
    fx
}

/// A model on the built-in sample, sized like a terminal of `w`×`h`.
pub(crate) fn sample(w: u16, h: u16) -> Model {
    let mut m = sidenote::update::init(sidenote::update::Start::new(
        sidenote::store::builtin(),
        false,
    ))
    .0;
    update(&mut m, Action::Resize(w, h));
    m
}

/// A library model of built-in documents (name, text), sized `w`×`h`, with saved places.
pub(crate) fn library_of(
    texts: &[(&'static str, &str)],
    positions: Vec<sidenote::place::Position>,
    (w, h): (u16, u16),
) -> Model {
    let docs: Vec<_> = texts
        .iter()
        .map(|(name, text)| {
            sidenote::store::Document::from_bytes(
                sidenote::store::Origin::Builtin(name),
                text.as_bytes().to_vec(),
            )
            .unwrap()
        })
        .collect();
    let mut m = sidenote::update::init(sidenote::update::Start {
        positions,
        ..sidenote::update::Start::new(docs, true)
    })
    .0;
    update(&mut m, Action::Resize(w, h));
    m
}

/// Draws the model and returns the terminal buffer.
pub(crate) fn draw(m: &Model) -> ratatui::buffer::Buffer {
    let (w, h) = m.viewport;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| sidenote::ui::view(m, f)).unwrap();
    t.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing spaces trimmed.
pub(crate) fn screen(m: &Model) -> String {
    let buf = draw(m);
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            // A wide character fills two cells; the second holds no symbol of its own.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
