//! Charts as server-rendered inline SVG: no JavaScript, no chart service. Every chart has a
//! `<title>`, a text summary and its data table next to it, and prints legibly in black and
//! white.
//!
//! Placeholder: the chart kinds are still to be written.
