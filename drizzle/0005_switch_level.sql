ALTER TABLE "items" ADD COLUMN "switched_by" text;--> statement-breakpoint
ALTER TABLE "store_settings" ADD COLUMN "switch_apply" jsonb;--> statement-breakpoint
-- Added by hand: who moved each tracked item's switch last, read once from the activity log. An item
-- that is on was switched on by the merchant when its last switch came by hand or from an import,
-- else by the rules; one that is off keeps null (never switched) unless switched off by hand.
UPDATE "items" AS i
SET "switched_by" = CASE
  WHEN e."type" = 'manual-toggle' OR (e."type" = 'import' AND i."enabled") THEN 'merchant'
  WHEN i."enabled" THEN 'rules'
END
FROM (
  SELECT DISTINCT ON ("item_id") "item_id", "type"
  FROM "events"
  WHERE "item_id" IS NOT NULL AND "data" -> 'from' -> 'enabled' <> "data" -> 'to' -> 'enabled'
  ORDER BY "item_id", "id" DESC
) AS e
WHERE e."item_id" = i."id" AND i."tracked";
