-- Capacity leases: the servers the agent holds out of their pools, each for one owner (a process
-- instance id). Portable to H2 and PostgreSQL.

-- One row per pool, locked (SELECT ... FOR UPDATE) while a lease is granted, so that the count and the
-- insert are one step across threads and across agent nodes sharing the database.
CREATE TABLE rsa_pool_lock (
  pool_id VARCHAR(64) NOT NULL PRIMARY KEY
);

-- A server is held by at most one owner at a time.
CREATE TABLE rsa_capacity_lease (
  server_id   VARCHAR(64)              NOT NULL PRIMARY KEY,
  pool_id     VARCHAR(64)              NOT NULL,
  owner       VARCHAR(255)             NOT NULL,
  acquired_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX rsa_capacity_lease_pool ON rsa_capacity_lease (pool_id);
CREATE INDEX rsa_capacity_lease_owner ON rsa_capacity_lease (owner);
