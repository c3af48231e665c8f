import io

from odoo import api, models

from . import dashboard_data as dd

# Number formats by kind of column (Excel format codes).
FORMAT_COUNT = "#,##0"
FORMAT_DAYS = "0.00"
DASH = "–"


class ChikayaDashboardXlsx(models.AbstractModel):
    """XLSX exports of the boards, each sheet laid out as on the screen: the title, the
    filters used, the merged headers and the numbers with their formats."""

    _name = "chikaya.dashboard.xlsx"
    _description = "Complaints boards: XLSX export"

    # ---- Generic writer (also used for the palmarès sheet) -----------------------------

    @api.model
    def _get_formats(self, workbook):
        """The cell formats of `workbook`, created once per workbook."""
        formats = getattr(workbook, "_chikaya_formats", None)
        if formats is None:
            border = {"border": 1, "valign": "vcenter"}
            formats = {
                "title": workbook.add_format({"bold": True, "font_size": 14}),
                "filter": workbook.add_format({"italic": True}),
                "header": workbook.add_format(
                    {
                        **border,
                        "bold": True,
                        "align": "center",
                        "text_wrap": True,
                        "bg_color": "#E9ECEF",
                    }
                ),
                "label": workbook.add_format({**border, "text_wrap": True}),
                "text": workbook.add_format({**border}),
                "dash": workbook.add_format({**border, "align": "center"}),
            }
            workbook._chikaya_formats = formats
        return formats

    @api.model
    def _number_format(self, workbook, num_format):
        formats = self._get_formats(workbook)
        key = f"num:{num_format}"
        if key not in formats:
            formats[key] = workbook.add_format({"border": 1, "num_format": num_format})
        return formats[key]

    @api.model
    def _write_table(
        self,
        workbook,
        sheet_name,
        title,
        filter_lines,
        header_rows,
        body_rows,
        formats=None,
        start_row=0,
        column_widths=None,
    ):
        """Write one table on the sheet `sheet_name` of the xlsxwriter `workbook` (created
        if missing) and return the index of the first free row after it (one blank row
        left), so that another table can follow with `start_row=`.

        - title: str written bold on the first row (skipped when empty)
        - filter_lines: [str], the filters used, one per row under the title
        - header_rows: [[cell]], a cell being a str or {"value", "colspan", "rowspan"};
          as in HTML, cells covered by a span above or on the left are not listed. Spans
          become merged ranges.
        - body_rows: [[value]]: str (label), int/float (number), None (written "–")
        - formats: {column index: Excel number format} for the numbers of that column
          (default "#,##0"); e.g. {4: "0.00"}
        - column_widths: {column index: width}; the first column defaults to 45, others 16
        """
        fmt = self._get_formats(workbook)
        sheet = workbook.get_worksheet_by_name(sheet_name) or workbook.add_worksheet(sheet_name)
        if start_row == 0:
            widths = {0: 45, **(column_widths or {})}
            ncols = max(
                [
                    sum(c.get("colspan", 1) if isinstance(c, dict) else 1 for c in r)
                    for r in header_rows
                ]
                + [len(r) for r in body_rows]
                + [1]
            )
            for col in range(ncols):
                sheet.set_column(col, col, widths.get(col, 16))
        row = start_row
        if title:
            sheet.write(row, 0, title, fmt["title"])
            row += 1
        for line in filter_lines or []:
            sheet.write(row, 0, line, fmt["filter"])
            row += 1
        if title or filter_lines:
            row += 1
        # Headers, with the rows/columns already taken by spans from above.
        taken = set()
        for header in header_rows:
            col = 0
            for cell in header:
                while (row, col) in taken:
                    col += 1
                if isinstance(cell, dict):
                    value = cell.get("value", "")
                    colspan, rowspan = cell.get("colspan", 1), cell.get("rowspan", 1)
                else:
                    value, colspan, rowspan = cell, 1, 1
                if colspan > 1 or rowspan > 1:
                    sheet.merge_range(
                        row, col, row + rowspan - 1, col + colspan - 1, value, fmt["header"]
                    )
                else:
                    sheet.write(row, col, value, fmt["header"])
                taken.update(
                    (r, c) for r in range(row, row + rowspan) for c in range(col, col + colspan)
                )
                col += colspan
            row += 1
        for body in body_rows:
            for col, value in enumerate(body):
                if value is None:
                    sheet.write_string(row, col, DASH, fmt["dash"])
                elif isinstance(value, str):
                    sheet.write_string(row, col, value, fmt["label" if col == 0 else "text"])
                else:
                    num_format = (formats or {}).get(col, FORMAT_COUNT)
                    sheet.write_number(row, col, value, self._number_format(workbook, num_format))
            row += 1
        return row + 1

    @api.model
    def _new_workbook(self):
        import xlsxwriter  # noqa: PLC0415 (imported where used, as in web/controllers/pivot.py)

        output = io.BytesIO()
        return output, xlsxwriter.Workbook(output, {"in_memory": True})

    # ---- The boards ----------------------------------------------------------------------

    @api.model
    def _write_board(self, workbook, board):
        sheet_name = self.env._("Tableau de Bord")
        columns = board["columns"]
        periods = []
        for column in columns:
            if not periods or periods[-1]["value"] != column["period_label"]:
                periods.append({"value": column["period_label"], "colspan": 0})
            periods[-1]["colspan"] += 1
        row = self._write_table(
            workbook,
            sheet_name,
            self.env._("Tableau de Bord of the complaints"),
            board["filter_lines"],
            [[{"value": "", "rowspan": 2}, *periods], [c["label"] for c in columns]],
            [
                [line["label"], *(cell and cell["value"] for cell in line["cells"])]
                for line in board["rows"]
            ],
        )
        processing = board["processing"]
        row = self._write_table(
            workbook,
            sheet_name,
            self.env._("Processing time (days)"),
            [],
            [
                [
                    self.env._("Answered complaints"),
                    self.env._("Minimum"),
                    self.env._("Mean"),
                    self.env._("Maximum"),
                ]
            ],
            [[processing["count"], processing["min"], processing["mean"], processing["max"]]],
            formats={0: FORMAT_COUNT, 1: FORMAT_COUNT, 2: FORMAT_DAYS, 3: FORMAT_COUNT},
            start_row=row,
        )
        self._write_table(
            workbook,
            sheet_name,
            self.env._("Complaints received by theme"),
            [],
            [[self.env._("Theme"), self.env._("Complaints")]],
            [[theme["name"], theme["count"]] for theme in board["themes"]],
            start_row=row,
        )

    @api.model
    def _province_table(self, provinces):
        """(header_rows, body_rows) of the per-province comparison, as on the screen."""
        labels = provinces["row_labels"]
        header_rows = [
            [
                {"value": self.env._("Prefecture / province"), "rowspan": 2},
                {"value": labels[dd.ROW_RECEIVED], "rowspan": 2},
                {"value": labels[dd.ROW_OPEN], "rowspan": 2},
                {"value": labels[dd.ROW_PAST_30], "rowspan": 2},
                {"value": labels[dd.ROW_PAST_60], "rowspan": 2},
                {"value": self.env._("Processing time (days)"), "colspan": 3},
            ],
            [self.env._("Minimum"), self.env._("Mean"), self.env._("Maximum")],
        ]
        body_rows = [
            [
                line["name"],
                *(line[key]["value"] for key in dd.ROWS),
                line["processing"]["min"],
                line["processing"]["mean"],
                line["processing"]["max"],
            ]
            for line in [*provinces["rows"], provinces["total"]]
        ]
        return header_rows, body_rows

    @api.model
    def _write_provinces(self, workbook, provinces):
        header_rows, body_rows = self._province_table(provinces)
        self._write_table(
            workbook,
            self.env._("Provinces"),
            self.env._("Complaints by prefecture / province"),
            provinces["filter_lines"],
            header_rows,
            body_rows,
            formats={6: FORMAT_DAYS},
        )

    @api.model
    def board_workbook(self, filters=None):
        """The XLSX file (bytes) of the Tableau de Bord and of the per-province table for
        `filters` (as chikaya.dashboard.get_board), one sheet each."""
        Dashboard = self.env["chikaya.dashboard"]
        board = Dashboard.get_board(filters)
        provinces = Dashboard.get_province_boards(filters)
        output, workbook = self._new_workbook()
        self._write_board(workbook, board)
        self._write_provinces(workbook, provinces)
        workbook.close()
        return output.getvalue()
