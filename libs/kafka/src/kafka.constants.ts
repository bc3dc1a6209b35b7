/** Injection token: the name of the running service, used in client ids and lineage producers. */
export const KAFKA_SERVICE_NAME = 'ATLAS_KAFKA_SERVICE_NAME';
