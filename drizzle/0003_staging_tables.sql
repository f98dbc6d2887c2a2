DROP TABLE "import_rows" CASCADE;--> statement-breakpoint
-- Previews staged in the old shared table are gone with it: the merchant uploads the file again.
UPDATE "imports" SET "status" = 'failed', "updated_at" = now(),
  "failure" = '{"code":"app_upgraded","message":"The app was upgraded before this import was applied; nothing was applied. Upload the file again."}'::jsonb
WHERE "status" IN ('queued', 'parsing', 'preview', 'applying');
