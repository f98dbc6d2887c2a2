ALTER TABLE "items" ADD COLUMN "platform_level" integer;--> statement-breakpoint
-- Added by hand: the level is unknown for items published before the app adjusted levels (null); the
-- next platform-sync reads it from the platform before it adjusts anything.
COMMENT ON COLUMN "items"."platform_level" IS 'The platform''s level as the app''s ledger knows it; null until read.';
