ALTER TABLE "deliveries" ADD COLUMN "waiting" jsonb;--> statement-breakpoint
CREATE INDEX "deliveries_waiting_idx" ON "deliveries" USING btree ("received_at") WHERE "deliveries"."waiting" is not null;