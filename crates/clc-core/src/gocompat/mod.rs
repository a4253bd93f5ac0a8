//! Small re-implementations of Go library behaviour that ct's output depends on.
//! (Being written.)
