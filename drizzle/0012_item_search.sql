-- Added by hand: the extensions the search indexes need. pg_trgm gives the trigram operator class,
-- btree_gin the store id's, so one GIN index holds both. Both are trusted extensions (PostgreSQL
-- 13+): a role with CREATE on the database may create them; otherwise an administrator creates them
-- first, and these statements then do nothing. PGlite loads them at open (core/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE INDEX "items_store_name_trgm_idx" ON "items" USING gin ("store_id","name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "items_store_sku_trgm_idx" ON "items" USING gin ("store_id","sku" gin_trgm_ops);
