//! YAML with positions, read the way go-yaml v3 (ct's parser) reads it.
//! (Being written; see the module docs once it lands.)
