DROP INDEX "deliveries_webhook_received_idx";--> statement-breakpoint
CREATE INDEX "deliveries_done_received_idx" ON "deliveries" USING btree ("received_at") WHERE "deliveries"."waiting" is null;--> statement-breakpoint
CREATE INDEX "outbox_sent_idx" ON "outbox" USING btree ("dispatched_at") WHERE "outbox"."dispatched_at" is not null;