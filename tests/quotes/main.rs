//! The quotation engine through its public face: the fixtures written for each kind of
//! evidence, the golden output guarded by the engine version, and the news-dev corpus.

mod corpus;
mod fixtures;
mod golden;
