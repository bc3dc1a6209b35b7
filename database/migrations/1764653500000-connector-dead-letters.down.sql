DROP TABLE IF EXISTS connector.dead_letters;
