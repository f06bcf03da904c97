"""Helpers for QTableWidgets whose rows carry an id in column 0's ``UserRole`` data (model lists)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget


def selected_id(table: QTableWidget) -> str:
    """The id of the selected row, or "" when none is selected."""
    items = table.selectedItems()
    return items[0].data(Qt.ItemDataRole.UserRole) if items else ""


def select_id(table: QTableWidget, row_id: str) -> bool:
    """Select the row whose id is ``row_id``; False when there is none."""
    for r in range(table.rowCount()):
        if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == row_id:
            table.selectRow(r)
            return True
    return False
