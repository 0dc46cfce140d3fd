//! The `sidenote` program as a user runs it: its commands, and the reader in a pseudo-terminal.

mod commands;
mod pty;
