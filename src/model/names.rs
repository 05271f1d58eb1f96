//! A description's node names (`quota[和平区]`, `helper[E0001]`…) in one buffer: a national program
//! has hundreds of thousands of nodes, and a `String` each is a header and an allocation each.
//! Names are for messages, the LP's constraint names and matching warm starts; the flow never
//! reads them.

/// Node names in order, by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeNames {
    text: String,
    /// Where each name ends in `text`.
    ends: Vec<usize>,
}

impl NodeNames {
    /// Adds a name; returns its node's index.
    pub(super) fn push(&mut self, name: &str) -> usize {
        self.text.push_str(name);
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    /// How many nodes.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each name, in node order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| &self[i])
    }
}

impl std::ops::Index<usize> for NodeNames {
    type Output = str;

    fn index(&self, node: usize) -> &str {
        let start = if node == 0 { 0 } else { self.ends[node - 1] };
        &self.text[start..self.ends[node]]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_come_back_by_index_and_in_order() {
        let mut names = super::NodeNames::default();
        assert_eq!(names.push("source"), 0);
        assert_eq!(names.push(""), 1);
        assert_eq!(names.push("quota[和平区]"), 2);
        assert_eq!(
            (&names[0], &names[1], &names[2]),
            ("source", "", "quota[和平区]")
        );
        assert_eq!(
            names.iter().collect::<Vec<_>>(),
            ["source", "", "quota[和平区]"]
        );
        assert_eq!(names.len(), 3);
    }
}
