DROP TABLE quality.contract_deactivations;
