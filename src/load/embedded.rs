//! The files compiled into the binary, so that an installed `pairplan` needs no data folder.

macro_rules! embed {
    ($dir:literal: $($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $dir, "/", $file)))),*]
    };
}

/// The Tianjin 2019 dataset: official tables transcribed from the seed and the synthetic complement.
pub static EMBEDDED_DATASET: &[(&str, &str)] = embed!("data/tianjin-2019":
    "dataset.toml",
    "districts.csv",
    "name_aliases.csv",
    "region_districts.csv",
    "calendar_2019.csv",
    "counties.csv",
    "village_quotas.csv",
    "village_province_totals.csv",
    "units.csv",
    "labour_targets.csv",
    "consumption_targets.csv",
    "consumption_milestones.csv",
    "changdu_hospital_pairs.csv",
    "gannan_team_hospitals.csv",
    "medical_person_times.csv",
    "cadre_posts.csv",
    "cadre_totals.csv",
    "chengde_cadre_senders.csv",
    "talent_quotas.csv",
    "villages.csv",
    "enterprises.csv",
    "pairings-2019.csv",
    "hospitals.csv",
    "county_hospitals.csv",
    "county_hospital_totals.csv",
    "hotan_team_hospitals.csv",
    "hotan_departments.csv",
    "gannan_departments.csv",
    "hotan_department_totals.csv",
    "changdu_county_hospitals.csv",
    "changdu_pairs.csv",
    "gansu_team_county_hospitals.csv",
    "cadre_sources.csv",
    "cadre_posts_2019.csv",
    "cadre_excluded_pairs_2019.csv",
    "talent_sources.csv",
    "talent_posts_2019.csv",
    "aid_cadre_posts.csv",
    "aid_professional_posts.csv",
    "aid_senders.csv",
    "hotan_principal_posts.csv",
    "hosted_cadre_groups.csv",
    "hosted_cadre_totals.csv",
    "host_units.csv",
    "tianjin_schools.csv",
    "county_schools.csv",
    "clinic_signers.csv",
);

/// The program models (`models/*.toml`).
pub static EMBEDDED_MODELS: &[(&str, &str)] = embed!(
    "models": "aid-cadres.toml",
    "aid-professionals.toml",
    "cadres.toml",
    "clinic-agreements.toml",
    "hosted-cadres.toml",
    "hotan-principals.toml",
    "schools.toml",
    "telemedicine.toml",
    "changdu-teams.toml",
    "changdu-telemedicine.toml",
    "county-hospitals.toml",
    "gannan-team.toml",
    "gansu-county-teams.toml",
    "hotan-departments.toml",
    "talents.toml",
    "villages.toml",
);

/// The real division codes (NBS 2023) of the 42 paired counties and their villages, for `generate`.
pub static EMBEDDED_DIVISIONS: &[(&str, &str)] =
    embed!("data/divisions": "counties.csv", "villages.csv");
