package jobtype

// The house inspection (验房) template is generated: a real inspection walks
// 200–300 items, most of them the same check in every room. Change the
// tables below and run `go test ./backend/jobtype -run TestBuiltinFiles
// -update` to rewrite builtin/house_inspection.json.

type room struct {
	key string
	Text
}

var (
	living     = room{"living", Text{"客厅", "Living room"}}
	dining     = room{"dining", Text{"餐厅", "Dining room"}}
	master     = room{"master", Text{"主卧", "Master bedroom"}}
	second     = room{"second", Text{"次卧", "Second bedroom"}}
	study      = room{"study", Text{"书房", "Study"}}
	kitchen    = room{"kitchen", Text{"厨房", "Kitchen"}}
	bathMaster = room{"bath_master", Text{"主卫", "Master bathroom"}}
	bathGuest  = room{"bath_guest", Text{"客卫", "Guest bathroom"}}
	balcony    = room{"balcony", Text{"阳台", "Balcony"}}
	entrance   = room{"entrance", Text{"入户", "Entrance"}}

	allRooms  = []room{entrance, living, dining, master, second, study, kitchen, bathMaster, bathGuest, balcony}
	wetRooms  = []room{kitchen, bathMaster, bathGuest}
	baths     = []room{bathMaster, bathGuest}
	woodRooms = []room{master, second, study}
)

func f64(x float64) *float64 { return &x }

func pf(key, zh, en string) Item {
	return Item{Key: key, Label: Text{zh, en}, Kind: KindPassFail}
}

func pfPhoto(key, zh, en string) Item {
	it := pf(key, zh, en)
	it.PhotoOnFail = true
	return it
}

func withHint(it Item, zh, en string) Item {
	it.Hint = Text{zh, en}
	return it
}

// perRoom repeats items in every room, keys and labels prefixed by the room.
func perRoom(rooms []room, items ...Item) []Item {
	var out []Item
	for _, r := range rooms {
		for _, it := range items {
			it.Key = r.key + "_" + it.Key
			it.Label = Text{r.ZH + "：" + it.Label.ZH, r.EN + ": " + it.Label.EN}
			out = append(out, it)
		}
	}
	return out
}

func concat(lists ...[]Item) []Item {
	var out []Item
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func houseInspectionBundle() Bundle {
	hollow := withHint(Item{Key: "hollow_rate", Label: Text{"空鼓率", "hollow rate"}, Kind: KindNumber, Unit: "%", Max: f64(3), PhotoOnFail: true},
		"用金属小锤轻敲每块砖的四角与中间，听有无空洞声；空鼓率超过 3% 说明存在质量问题。",
		"Tap the corners and centre of each tile with a small metal hammer and listen for a hollow sound; over 3% hollow tiles is a defect.")
	flatness := withHint(Item{Key: "flatness", Label: Text{"表面平整度偏差", "surface flatness deviation"}, Kind: KindNumber, Unit: "mm", Max: f64(2)},
		"用 2 米靠尺和塞尺测量。", "Measure with a 2 m straightedge and feeler gauge.")
	tiles := []Item{hollow, flatness,
		pf("joints", "嵌缝平直、严密", "grout lines straight and full"),
		pfPhoto("surface", "无裂纹、缺棱掉角、明显色差", "no cracks, chipped edges or visible colour differences")}

	groups := []Group{
		{Name: Text{"厨卫排水", "Kitchen and bathroom drainage"}, Items: concat(
			perRoom([]room{kitchen},
				withHint(pf("sink_drain", "洗菜池放满水后排水顺畅", "sink drains quickly when filled and emptied"),
					"把洗菜池放满水再排出，看排水速度。", "Fill the sink, let it drain and watch the speed."),
			),
			perRoom(wetRooms,
				pfPhoto("supply_joints", "上水管道各接头无渗漏", "no leaks at supply pipe joints"),
				pfPhoto("drain_joints", "下水管道各接合部无渗漏", "no leaks at drain pipe joints"),
				pf("drain_pipe_rigid", "下水管道未使用塑料软管", "drains not made of flexible plastic hose"),
				pf("floor_drain", "地漏排水通畅、无返味", "floor drain flows freely, no odour"),
				pf("hot_cold", "冷热水出水正常，左热右冷", "hot and cold water run; hot on the left, cold on the right"),
			),
			perRoom(baths,
				pf("basin_drain", "面盆放满水后排水顺畅", "basin drains quickly when filled and emptied"),
				pf("shower_drain", "浴缸/淋浴区放满水后排水顺畅", "bath or shower drains quickly when filled"),
				pf("floor_slope", "地面坡向地漏，无积水", "floor slopes to the drain, no standing water"),
				withHint(pf("toilet_flush", "马桶反复冲水多次均顺畅，放水有“咕咚”声", "toilet flushes well on repeated flushes, with a gulp"),
					"马桶下水需反复检查多次。", "Flush several times."),
				pfPhoto("toilet_fixing", "马桶用膨胀螺栓固定，硅酮胶密封（不得用水泥）", "toilet fixed with expansion bolts and sealed with silicone, not cement"),
				pfPhoto("waterproof", "闭水试验 48 小时无渗漏，楼下顶棚无水渍", "48-hour flood test without leaks; no stains on the ceiling below"),
				pf("threshold", "卫生间门口有挡水条", "water bar at the bathroom door"),
			),
			perRoom([]room{balcony},
				pf("floor_drain", "阳台地漏排水通畅", "balcony floor drain flows freely"),
				pf("washer_drain", "洗衣机排水口排水通畅、无渗漏", "washing-machine outlet drains without leaks"),
			),
		)},
		{Name: Text{"水电", "Water and electricity"}, Items: concat(
			[]Item{
				withHint(pfPhoto("rcd_test", "漏电保护器：按测试钮应跳闸", "residual-current breaker trips when its test button is pressed"),
					"按动漏电保护器的测试钮，漏电保护器应动作。", "Press the test button; the breaker must trip."),
				pf("breaker_labels", "配电箱各回路标识清楚", "every circuit in the distribution box is labelled"),
				pfPhoto("main_switch_box", "总闸有电盒", "the main switch has its box"),
				pf("water_meter", "水表已接，读数走动正常", "water meter connected and counting"),
				pf("gas_meter", "燃气表及管道无泄漏", "gas meter and pipes free of leaks"),
				pf("weak_box", "弱电箱网络、电视信号正常", "network and TV signal in the low-voltage box"),
			},
			perRoom(allRooms,
				withHint(pf("sockets_live", "每个插座均有电", "every socket is live"),
					"带万用表或验电器逐个检查插座。", "Check every socket with a multimeter or tester."),
				withHint(pf("lights_on", "打开所有灯具开关，灯具全亮", "all lights come on at their switches"),
					"打开所有灯具开关，看灯具是否全都亮。", "Switch on every light and check each one works."),
				withHint(pfPhoto("lamp_holder", "螺口灯座金属部分不带电", "metal part of screw lamp holders not live"),
					"用电笔测试螺口灯座的金属部分，带电为不合格。", "Test the metal of screw lamp holders with a test pen; live is a fail."),
				pf("panels", "开关插座面板无划痕，安装端正牢固", "switch and socket plates unscratched, straight and firm"),
			),
			perRoom(wetRooms,
				pf("splash_covers", "插座带防溅盖", "sockets have splash covers"),
			),
		)},
		{Name: Text{"瓷砖", "Tiles"}, Items: concat(
			perRoom(wetRooms, prefixed("wall_tile", "墙砖", "wall tiles", tiles)...),
			perRoom([]room{entrance, living, dining, kitchen, bathMaster, bathGuest, balcony}, prefixed("floor_tile", "地砖", "floor tiles", tiles)...),
		)},
		{Name: Text{"地面", "Floors"}, Items: perRoom(woodRooms,
			pf("floor_gaps", "地板无明显缝隙", "no visible gaps between boards"),
			pf("floor_level", "地板平整，无起拱", "boards flat, no cupping or lifting"),
			withHint(pf("floor_squeak", "行走无“吱咯”响声", "no creaking underfoot"),
				"在每个房间里慢慢地走一遍，仔细听有无吱咯吱咯的响声。", "Walk slowly across the room and listen for creaks."),
			pf("skirting_joint", "地板与踢脚板结合部密合", "boards meet the skirting without gaps"),
			pf("skirting_fixed", "踢脚板安装牢固、接缝严密", "skirting firm with tight joints"),
		)},
		{Name: Text{"门窗", "Doors and windows"}, Items: concat(
			perRoom([]room{entrance, master, second, study, kitchen, bathMaster, bathGuest},
				withHint(pf("door_frame", "用手按门套无空洞、软弹感", "door casing feels solid when pressed, not hollow or springy"),
					"用手按门窗套，不应有空洞和软弹的感觉。", "Press the casing by hand; it must not feel hollow or springy."),
				pf("door_corners", "四角呈直角，直角接合部严密", "corners square and mitres tight"),
				pfPhoto("door_finish", "表面光洁，无钉眼、气泡、明显色差", "surface smooth, no nail holes, bubbles or colour differences"),
				pf("door_stays", "不上锁时不会自动关上或打开", "stays where it is put when unlocked"),
				pf("door_hardware", "门锁、合页开关顺畅", "lock and hinges work smoothly"),
			),
			perRoom([]room{living, master, second, study, kitchen, bathMaster, balcony},
				pf("window_opens", "窗户开关顺畅、锁闭严密", "window opens smoothly and locks tight"),
				pfPhoto("window_seal", "密封条完好，无雨水流入", "seals intact, no rain comes in"),
				pf("window_glass", "玻璃无划痕、破损", "glass unscratched and unbroken"),
				pf("window_frame", "窗套无空洞软弹，四角呈直角", "window casing solid, corners square"),
			),
		)},
		{Name: Text{"五金与涂料", "Hardware and paint"}, Items: concat(
			perRoom(wetRooms,
				pf("faucet_core", "水龙头为陶瓷阀芯", "taps have ceramic cartridges"),
				withHint(pf("fittings_firm", "五金件安装端正牢固", "fittings straight and firm"),
					"用手稍用劲检查五金件安装是否端正牢固。", "Push the fittings firmly by hand."),
				pf("fittings_position", "五金安装位置合理", "fittings placed sensibly"),
			),
			perRoom([]room{entrance, living, dining, master, second, study},
				pfPhoto("wall_paint", "墙面油漆无裂纹、刷纹、明显色差", "wall paint free of cracks, brush marks and colour differences"),
				pfPhoto("ceiling", "顶棚无裂缝、水渍", "ceiling free of cracks and water stains"),
			),
		)},
		{Name: Text{"阴阳角", "Corners"}, Items: perRoom(allRooms,
			withHint(Item{Key: "corner_square", Label: Text{"阴阳角方正偏差", "corner squareness deviation"}, Kind: KindNumber, Unit: "mm", Max: f64(3)},
				"用直角检测尺测量；正常工艺阴阳角应平直。", "Measure with a square; corners should be straight and true."),
			pf("corner_bond", "阴阳角粘接牢固，无裂纹、刷纹", "corners bonded firmly, no cracks or brush marks"),
		)},
	}
	t := Template{Key: "house_inspection", Version: 1, Name: Text{"验房检查表", "House inspection checklist"}, Groups: groups}
	jt := JobType{
		Key:            "house_inspection",
		Name:           Text{"验房", "House inspection"},
		RequiredFields: []string{"customer.name", "customer.phone", "customer.address", "result", "arrived_at", "departed_at"},
		Documents: []DocumentType{
			{Key: "inspection", Name: Text{"验房检查表", "House inspection checklist"}, Form: FormChecklist, Template: t.Key,
				Presence: PresenceRequired, Signatures: []string{"inspector", "customer"}},
			{Key: "inspection_report", Name: Text{"验房报告", "Inspection report"}, Form: FormServiceRecord,
				Presence: PresenceRequired, Signatures: []string{"inspector", "customer"}},
		},
	}
	return Bundle{Format: Format, JobTypes: []JobType{jt}, Templates: []Template{t}}
}

// prefixed makes tile items for one kind of tile: keys and labels get the prefix.
func prefixed(key, zh, en string, items []Item) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		it.Key = key + "_" + it.Key
		it.Label = Text{zh + it.Label.ZH, en + " " + it.Label.EN}
		out[i] = it
	}
	return out
}
