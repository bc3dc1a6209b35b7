DROP TABLE IF EXISTS connector.schedule_ticks;
