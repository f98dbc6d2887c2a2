import {
  Box,
  Button,
  Flex,
  InlineMessage,
  Message,
  Panel,
  ProgressBar,
  Small,
  Table,
  Text,
} from '@bigcommerce/big-design';
import { useRef } from 'react';
import { useApi } from '../../hooks/api-context';
import {
  appliedSummary,
  IMPORT_STOCK_HELP,
  importDiff,
  importErrorsDownload,
  importErrorsHeader,
} from '../../hooks/describe';
import { useBusy } from '../../hooks/use-busy';
import { saveBlob, useImport } from '../../hooks/use-import';
import { toast } from '../alerts';
import { PageHeader } from '../components/PageHeader';

const STATUS_TEXT: Record<string, string> = {
  parsing: 'Reading your file…',
  preview: 'Ready to review',
  applying: 'Applying the changes…',
  applied: 'Imported',
  failed: 'The import failed',
  discarded: 'Discarded',
};

export default function ImportPage() {
  const api = useApi();
  const imp = useImport();
  const downloading = useBusy(toast.error);
  const fileInput = useRef<HTMLInputElement>(null);
  const job = imp.job;
  const preview = job?.preview;
  const download = preview && importErrorsDownload(preview.errorCount, preview.errorsKept);

  const exportCsv = () =>
    downloading.run(true, 'Could not export', async () => {
      saveBlob(
        await api.blob('/api/items/export.csv'),
        `backorder-items-${new Date().toISOString().slice(0, 10)}.csv`,
      );
      toast.success('Export downloaded.');
    });

  const downloadErrors = async () => {
    if (!job) return;
    try {
      saveBlob(await api.blob(`/api/imports/${job.id}/errors.csv`), `import-${job.id}-errors.csv`);
    } catch (err) {
      toast.error(err, 'Could not download the errors');
    }
  };

  return (
    <>
      <PageHeader title="Import / export" />
      <Panel
        header="Export"
        description="Every assigned product with its stock on the shelf, units owed to customers (backordered), threshold, incoming stock, back-in-stock date and backorder switch, as a CSV file you can edit in a spreadsheet."
      >
        <Button variant="secondary" isLoading={downloading.busy} onClick={() => void exportCsv()}>
          Download CSV
        </Button>
      </Panel>
      <Panel
        header="Import stock"
        description="Upload the edited CSV. You see what will change, and any errors, before anything is saved."
      >
        <Box marginBottom="medium">
          {IMPORT_STOCK_HELP.map((line) => (
            <Small key={line} marginBottom="xxSmall">
              {line}
            </Small>
          ))}
        </Box>
        <Flex alignItems="center" flexGap="0.75rem" flexWrap="wrap">
          <input
            ref={fileInput}
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file to import"
            tabIndex={-1}
            style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void imp.upload(file);
              e.target.value = '';
            }}
          />
          <Button
            isLoading={imp.busy && (!job || job.status === 'parsing')}
            onClick={() => fileInput.current?.click()}
          >
            Choose CSV file…
          </Button>
          {job && (
            <Small marginBottom="none">
              {job.fileName} · {STATUS_TEXT[job.status] ?? job.status}
            </Small>
          )}
        </Flex>
        {imp.error && (
          <InlineMessage
            marginTop="medium"
            type="error"
            header="The import could not go on"
            messages={[{ text: imp.error.message }]}
          />
        )}
        {job && (job.status === 'parsing' || job.status === 'applying') && (
          <Box marginTop="medium" role="status" aria-label={`${STATUS_TEXT[job.status]} ${job.progress}%`}>
            <ProgressBar percent={job.progress} />
            <Small>
              {STATUS_TEXT[job.status]} {job.progress}%
            </Small>
          </Box>
        )}
        {job?.status === 'failed' && (
          <InlineMessage
            marginTop="medium"
            type="error"
            header="The import failed"
            messages={[
              {
                text:
                  typeof job.error === 'string'
                    ? job.error
                    : (job.error?.message ?? 'The file could not be read.'),
              },
            ]}
          />
        )}
        {job?.status === 'discarded' && job.error && (
          <InlineMessage
            marginTop="medium"
            type="warning"
            header="This import was discarded"
            messages={[{ text: job.error.message }]}
          />
        )}
        {job?.status === 'applied' && (
          <Message
            marginTop="medium"
            type="success"
            header="Import applied"
            messages={[{ text: appliedSummary(job.counts) }]}
          />
        )}
      </Panel>
      {job?.status === 'preview' && preview && (
        <Panel
          header="Review the import"
          description={`${preview.rows} rows: ${preview.toChange} to change, ${preview.unchanged} unchanged, ${preview.errorRows} with errors.`}
        >
          {job.error && (
            <InlineMessage
              type="warning"
              header="The import was not applied"
              messages={[{ text: typeof job.error === 'string' ? job.error : (job.error.message ?? '') }]}
              marginBottom="medium"
            />
          )}
          {preview.errorCount > 0 && (
            <>
              <InlineMessage
                type="error"
                header={importErrorsHeader(preview.errorCount, preview.errorRows)}
                messages={[
                  {
                    text: 'Fix these rows in your file and upload it again; an import with errors cannot be confirmed.',
                  },
                  ...(download?.note ? [{ text: download.note }] : []),
                ]}
                marginBottom="medium"
              />
              <Table
                itemName="Errors"
                items={preview.errors.map((e, i) => ({ ...e, id: i }))}
                columns={[
                  { header: 'Row', hash: 'row', render: (e) => e.row },
                  { header: 'Column', hash: 'column', render: (e) => e.column },
                  { header: 'Value', hash: 'value', render: (e) => e.value },
                  { header: 'Problem', hash: 'reason', render: (e) => e.reason },
                ]}
              />
              <Button variant="subtle" marginTop="small" onClick={() => void downloadErrors()}>
                {download?.label}
              </Button>
            </>
          )}
          {preview.changes.length > 0 && (
            <Box marginTop="medium">
              <Table
                itemName="Changes"
                items={preview.changes.map((c) => ({ ...c, id: c.row }))}
                columns={[
                  { header: 'Row', hash: 'row', render: (c) => c.row },
                  { header: 'Product', hash: 'name', render: (c) => c.name },
                  { header: 'SKU', hash: 'sku', render: (c) => c.sku },
                  {
                    header: 'Change',
                    hash: 'change',
                    render: (c) => <Text marginBottom="none">{importDiff(c.before, c.after)}</Text>,
                  },
                ]}
              />
            </Box>
          )}
          <Flex flexGap="0.5rem" marginTop="medium">
            <Button
              disabled={preview.errorCount > 0 || preview.toChange === 0}
              isLoading={imp.busy}
              onClick={() =>
                void imp.confirm().then((status) => status === 'applied' && toast.success('Import applied.'))
              }
            >
              {preview.toChange === 0
                ? 'Nothing to import'
                : `Import ${preview.toChange} change${preview.toChange === 1 ? '' : 's'}`}
            </Button>
            <Button
              variant="subtle"
              onClick={() =>
                void imp.discard().then((ok) => ok && toast.success('Import discarded: nothing was changed.'))
              }
            >
              Discard
            </Button>
          </Flex>
        </Panel>
      )}
    </>
  );
}
