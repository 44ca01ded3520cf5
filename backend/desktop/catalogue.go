package desktop

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"time"

	"fieldbook/backend/catalogue"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
	"fieldbook/backend/sqlite"
)

// Catalogue is the centre's parts price list and labour items: picked in
// the visit form by every user, changed, imported and exported in 设置 by
// the centre's admin (or a laptop working alone).
type Catalogue struct{ *base }

// CatalogueImport is the result of an import: how many items were stored,
// or — nothing stored — every bad line.
type CatalogueImport struct {
	Imported int                   `json:"imported"`
	Errors   []catalogue.LineError `json:"errors"`
}

// Editable reports whether this device may change the catalogue.
func (c *Catalogue) Editable() (bool, error) {
	db, err := c.store()
	if err != nil {
		return false, err
	}
	return c.mayEditCentre(context.Background(), db)
}

// List returns a page of the items of kind holding what was typed in their
// code, name or pinyin initials (every item, in code order, when nothing).
func (c *Catalogue) List(kind, typed string, offset, limit int) (sqlite.CataloguePage, error) {
	db, err := c.store()
	if err != nil {
		return sqlite.CataloguePage{}, err
	}
	return db.Catalogue(context.Background(), kind, typed, offset, limit)
}

// Pick returns the active items of kind a picker offers for what was typed.
func (c *Catalogue) Pick(kind, typed string) ([]sqlite.CatalogueRow, error) {
	db, err := c.store()
	if err != nil {
		return nil, err
	}
	return db.PickCatalogue(context.Background(), kind, typed, 20)
}

// Save stores one item (new, or the item of its kind and code); a refused
// one names its fields.
func (c *Catalogue) Save(it fieldbook.CatalogueItem) (sqlite.CatalogueRow, error) {
	db, err := c.editable()
	if err != nil {
		return sqlite.CatalogueRow{}, err
	}
	return db.SaveCatalogueItem(context.Background(), it)
}

// Delete removes an item.
func (c *Catalogue) Delete(id string) error {
	db, err := c.editable()
	if err != nil {
		return err
	}
	return db.DeleteCatalogueItem(context.Background(), id)
}

// Import reads an Excel workbook (base64) and stores every item of it, or
// none when any line is bad (then every bad line is returned).
func (c *Catalogue) Import(data string) (CatalogueImport, error) {
	db, err := c.editable()
	if err != nil {
		return CatalogueImport{}, err
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return CatalogueImport{}, fieldbook.Wrap(err, fieldbook.EINVALID, "文件内容无法读取。", "The file's content cannot be read.")
	}
	items, bad, err := catalogue.Read(bytes.NewReader(raw))
	if err != nil || len(bad) > 0 {
		return CatalogueImport{Errors: bad}, err
	}
	if err := db.ImportCatalogue(context.Background(), items); err != nil {
		return CatalogueImport{}, err
	}
	return CatalogueImport{Imported: len(items), Errors: []catalogue.LineError{}}, nil
}

// Export writes the whole catalogue to a workbook in the exports folder.
func (c *Catalogue) Export() (fieldbook.Document, error) {
	db, err := c.store()
	if err != nil {
		return fieldbook.Document{}, err
	}
	ctx := context.Background()
	byKind := map[string][]fieldbook.CatalogueItem{}
	for _, k := range fieldbook.CatalogueKinds {
		if byKind[k], err = db.CatalogueItems(ctx, k); err != nil {
			return fieldbook.Document{}, err
		}
	}
	var buf bytes.Buffer
	if err := catalogue.Write(&buf, byKind); err != nil {
		return fieldbook.Document{}, fmt.Errorf("xlsx: %w", err)
	}
	name := "价格表-" + time.Now().In(db.Zone(ctx)).Format("20060102-150405") + ".xlsx"
	return db.SaveExport(name, buf.Bytes())
}

func (c *Catalogue) editable() (*sqlite.DB, error) {
	db, err := c.store()
	if err != nil {
		return nil, err
	}
	if ok, err := c.mayEditCentre(context.Background(), db); err != nil || !ok {
		if err == nil {
			err = fieldbook.Errorf(protocol.EFORBIDDEN, "价格表和工时项目由服务中心管理员修改，本机只读。",
				"The price list and labour items are changed by the centre's administrator; they are read-only here.")
		}
		return nil, err
	}
	return db, nil
}
