//! Lokomotive base configs as plain data. (Being written.)
