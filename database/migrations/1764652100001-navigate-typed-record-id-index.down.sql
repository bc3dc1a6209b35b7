DO $$
DECLARE
  index_name text;
BEGIN
  FOR index_name IN SELECT indexname FROM pg_indexes WHERE schemaname = 'navigate_typed' AND indexname LIKE 'atlas_record_id\_%' LOOP
    EXECUTE format('DROP INDEX navigate_typed.%I', index_name);
  END LOOP;
END $$;
