//! What a tagged arc carries, kept beside the arcs in 20 bytes instead of the 48 of an index and a
//! [`Carries`]: a national program tags hundreds of thousands of arcs (every pool's arc to each of
//! its helpers, every group's to its pools), an 800 × 800 assignment every one of its 640 000.
//! Indices are kept in 32 bits, as the flow's edges are (no list the loader admits comes near
//! four billion rows).

use super::{Carries, Pool};
use crate::domain::{DistrictId, HelperId, RecipientId};

/// An arc and what it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tag {
    arc: u32,
    kind: Kind,
    /// The variant's indices, in the order [`Tag::new`] lays them.
    ids: [u32; 3],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Direct,
    ToPool(PoolKind),
    FromPool(PoolKind),
    Pairing,
    LoadStep,
    Kept,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PoolKind {
    OffMap,
    Skilled,
    AnyHelper,
}

/// An index in 32 bits.
fn small(index: usize) -> u32 {
    debug_assert!(
        u32::try_from(index).is_ok(),
        "an index past 32 bits: {index}"
    );
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// A pool as its kind, district and trait (0 where it has none).
fn pool_parts(pool: Pool) -> (PoolKind, u32, u32) {
    match pool {
        Pool::OffMap(d) => (PoolKind::OffMap, small(d.0), 0),
        Pool::Skilled(d, t) => (PoolKind::Skilled, small(d.0), small(t)),
        Pool::AnyHelper(d) => (PoolKind::AnyHelper, small(d.0), 0),
    }
}

fn pool_of(kind: PoolKind, district: u32, skill: u32) -> Pool {
    let district = DistrictId(district as usize);
    match kind {
        PoolKind::OffMap => Pool::OffMap(district),
        PoolKind::Skilled => Pool::Skilled(district, skill as usize),
        PoolKind::AnyHelper => Pool::AnyHelper(district),
    }
}

impl Tag {
    /// Arc `arc`, carrying `carries`.
    pub(super) fn new(arc: usize, carries: Carries) -> Self {
        let (kind, ids) = match carries {
            Carries::Direct { group, helper } => (Kind::Direct, [small(group), small(helper.0), 0]),
            Carries::ToPool { group, pool } => {
                let (kind, district, skill) = pool_parts(pool);
                (Kind::ToPool(kind), [small(group), district, skill])
            }
            Carries::FromPool { pool, helper } => {
                let (kind, district, skill) = pool_parts(pool);
                (Kind::FromPool(kind), [small(helper.0), district, skill])
            }
            Carries::Pairing { group, helper } => {
                (Kind::Pairing, [small(group), small(helper.0), 0])
            }
            Carries::LoadStep { helper } => (Kind::LoadStep, [small(helper.0), 0, 0]),
            Carries::Kept {
                group,
                recipient,
                helper,
            } => (
                Kind::Kept,
                [small(group), small(recipient.0), small(helper.0)],
            ),
        };
        Tag {
            arc: small(arc),
            kind,
            ids,
        }
    }

    /// The arc.
    pub(super) fn arc(self) -> usize {
        self.arc as usize
    }

    /// What it carries.
    pub(super) fn carries(self) -> Carries {
        let [a, b, c] = self.ids;
        let (group, helper) = (a as usize, HelperId(b as usize));
        match self.kind {
            Kind::Direct => Carries::Direct { group, helper },
            Kind::ToPool(kind) => Carries::ToPool {
                group,
                pool: pool_of(kind, b, c),
            },
            Kind::FromPool(kind) => Carries::FromPool {
                pool: pool_of(kind, b, c),
                helper: HelperId(a as usize),
            },
            Kind::Pairing => Carries::Pairing { group, helper },
            Kind::LoadStep => Carries::LoadStep {
                helper: HelperId(a as usize),
            },
            Kind::Kept => Carries::Kept {
                group,
                recipient: RecipientId(b as usize),
                helper: HelperId(c as usize),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_gives_back_what_it_was_given_in_20_bytes() {
        assert_eq!(std::mem::size_of::<Tag>(), 20);
        let pools = [
            Pool::OffMap(DistrictId(3)),
            Pool::Skilled(DistrictId(7), 11),
            Pool::AnyHelper(DistrictId(0)),
        ];
        let mut all = vec![
            Carries::Direct {
                group: 5,
                helper: HelperId(9),
            },
            Carries::Pairing {
                group: 1,
                helper: HelperId(2),
            },
            Carries::LoadStep {
                helper: HelperId(4),
            },
            Carries::Kept {
                group: 6,
                recipient: RecipientId(8),
                helper: HelperId(10),
            },
        ];
        for pool in pools {
            all.push(Carries::ToPool { group: 12, pool });
            all.push(Carries::FromPool {
                pool,
                helper: HelperId(13),
            });
        }
        for (arc, carries) in all.into_iter().enumerate() {
            let tag = Tag::new(arc * 1000, carries);
            assert_eq!((tag.arc(), tag.carries()), (arc * 1000, carries));
        }
    }
}
