//! A stable insertion sort for the short lists the checks and tables order
//! (drop-ins of one unit, options of one flag, definitions of one path).
//! Each use of the standard library's sorts adds kilobytes of code to the
//! WebAssembly module; this adds a few dozen bytes.

/// Sorts `items` stably: `less(a, b)` says whether `a` goes before `b`.
pub fn sort_by<T>(items: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (items.get(j - 1), items.get(j)) else {
                break;
            };
            if !less(b, a) {
                break;
            }
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f')];
        sort_by(&mut v, |x, y| x.0 < y.0);
        assert_eq!(
            v,
            [(0, 'f'), (1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, |a, b| a < b);
        assert!(empty.is_empty());
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % 50
        };
        let v: Vec<(u32, usize)> = (0..300).map(|i| (next(), i)).collect();
        let mut ours = v.clone();
        sort_by(&mut ours, |a, b| a.0 < b.0);
        let mut std_sorted = v;
        std_sorted.sort_by_key(|x| x.0);
        assert_eq!(ours, std_sorted);
    }
}
