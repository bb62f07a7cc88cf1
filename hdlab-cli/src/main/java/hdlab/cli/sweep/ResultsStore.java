package hdlab.cli.sweep;

import hdlab.cli.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The results store of a sweep: {@code results.parquet} beside {@code results.csv}, one row per point, so pandas,
 * polars, DuckDB and Spark read it directly. Columns: {@code index}, the grid keys (named as in the spec, e.g.
 * {@code optimizer.eta}; INT64, DOUBLE, BOOLEAN or STRING by their values), {@code status}, the result columns
 * (DOUBLE, NaN where there is no value), {@code steps}, {@code message} and {@code hash} (the SHA-256 of the point's
 * resolved spec: its provenance, and the name of its {@code points/<hash>.json}).
 *
 * <p>Written with parquet-java through its Hadoop-free interfaces ({@link LocalOutputFile},
 * {@link PlainParquetConfiguration}); uncompressed (a sweep table is small, and no codec library is needed), every
 * column optional (so tables of different sweeps stack), one row group. The same rows give the same values; the bytes
 * may differ between processes only in the order in which the footer lists a column's encodings (parquet-java keeps
 * them in a hash set), so compare stores by value and tables ({@code results.csv}) by bytes.
 */
public final class ResultsStore {
  /** The store's file name in a sweep directory. */
  public static final String FILE = "results.parquet";

  private ResultsStore() {}

  /** The sweep's rows as a typed table, in the order given (index order). */
  public static ResultsTable table(SweepPlan plan, List<String> columns, List<Row> rows) {
    List<ResultsTable.Column> cols = new ArrayList<>();
    cols.add(new ResultsTable.Column("index", ResultsTable.Type.INT64));
    for (String k : plan.keys()) cols.add(new ResultsTable.Column(k, ResultsTable.typeOf(rows.stream().map(r -> r.point().get(k)).toList())));
    cols.add(new ResultsTable.Column("status", ResultsTable.Type.STRING));
    for (String c : columns) cols.add(new ResultsTable.Column(c, ResultsTable.Type.DOUBLE));
    cols.add(new ResultsTable.Column("steps", ResultsTable.Type.INT64));
    cols.add(new ResultsTable.Column("message", ResultsTable.Type.STRING));
    cols.add(new ResultsTable.Column("hash", ResultsTable.Type.STRING));
    List<Object[]> out = new ArrayList<>();
    for (Row r : rows) {
      Object[] cells = new Object[cols.size()];
      int j = 0;
      cells[j++] = (long) r.index();
      for (String k : plan.keys()) cells[j] = ResultsTable.cell(r.point().get(k), cols.get(j++).type());
      cells[j++] = r.status();
      for (String c : columns) cells[j++] = r.value(c);
      cells[j++] = r.steps();
      cells[j++] = r.message();
      cells[j] = r.hash();
      out.add(cells);
    }
    return new ResultsTable(cols, out);
  }

  /** Writes {@code table} to {@code target} as Parquet, atomically (a temp file in the same folder, then a rename). */
  public static void write(Path target, ResultsTable table) {
    MessageType schema = schema(table);
    AtomicFiles.write(target, tmp -> {
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
          .withConf(new PlainParquetConfiguration())
          .withType(schema)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
          .build()) {
        for (Object[] r : table.rows()) {
          Group g = groups.newGroup();
          for (int j = 0; j < r.length; j++) {
            if (r[j] == null) continue; // optional field left empty
            String name = table.columns().get(j).name();
            switch (table.columns().get(j).type()) {
              case INT64 -> g.add(name, (Long) r[j]);
              case DOUBLE -> g.add(name, (Double) r[j]);
              case BOOLEAN -> g.add(name, (Boolean) r[j]);
              case STRING -> g.add(name, (String) r[j]);
            }
          }
          w.write(g);
        }
      }
    });
  }

  /**
   * Reads a Parquet file of flat optional or required columns (INT32/INT64, FLOAT/DOUBLE, BOOLEAN, UTF-8 strings) into
   * a table; anything else is refused naming the column.
   */
  public static ResultsTable read(Path file) {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<ResultsTable.Column> cols = new ArrayList<>();
      for (Type f : schema.getFields()) cols.add(new ResultsTable.Column(f.getName(), typeOf(f, file)));
      List<Object[]> rows = new ArrayList<>();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group g = records.read();
          Object[] cells = new Object[cols.size()];
          for (int j = 0; j < cells.length; j++) {
            if (g.getFieldRepetitionCount(j) == 0) continue;
            PrimitiveTypeName p = schema.getType(j).asPrimitiveType().getPrimitiveTypeName();
            cells[j] = switch (p) {
              case INT32 -> (long) g.getInteger(j, 0);
              case INT64 -> g.getLong(j, 0);
              case FLOAT -> (double) g.getFloat(j, 0);
              case DOUBLE -> g.getDouble(j, 0);
              case BOOLEAN -> g.getBoolean(j, 0);
              default -> g.getString(j, 0);
            };
          }
          rows.add(cells);
        }
      }
      return new ResultsTable(cols, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static ResultsTable.Type typeOf(Type f, Path file) {
    if (f.isPrimitive() && !f.isRepetition(Repetition.REPEATED)) {
      PrimitiveType p = f.asPrimitiveType();
      switch (p.getPrimitiveTypeName()) {
        case INT32, INT64: return ResultsTable.Type.INT64;
        case FLOAT, DOUBLE: return ResultsTable.Type.DOUBLE;
        case BOOLEAN: return ResultsTable.Type.BOOLEAN;
        case BINARY:
          if (LogicalTypeAnnotation.stringType().equals(p.getLogicalTypeAnnotation())) return ResultsTable.Type.STRING;
          break;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(file + ": column '" + f.getName() + "' is " + f
        + "; a results table holds flat integer, float, boolean or UTF-8 string columns");
  }

  /** Every column optional, so a cell may be empty and tables of different sweeps share a schema. */
  static MessageType schema(ResultsTable table) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (ResultsTable.Column c : table.columns()) {
      switch (c.type()) {
        case INT64 -> b.optional(PrimitiveTypeName.INT64).named(c.name());
        case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
        case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
        case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
      }
    }
    return b.named("hdlab_sweep");
  }
}
