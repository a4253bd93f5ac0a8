//! Flatcar runtime and kubelet tables as plain data. (Being written.)
