DROP TABLE IF EXISTS connector.run_profile_fields;
DROP TABLE IF EXISTS connector.run_profiles;
